"""Services of Prepare: sessions, their structure (Parts, questions, agenda) and participants."""
