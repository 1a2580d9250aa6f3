"""Services of Administration: accounts, backups and the demo dataset."""
