"""Services of Leadership: trends across sessions and recommendation follow-up."""
