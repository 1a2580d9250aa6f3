"""Services of Outcomes: recommendations, takeaways, publication and the published document."""
