"""Write operations of the provider; views, commands and tasks call only these."""
