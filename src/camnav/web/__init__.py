"""The web application: server-rendered Jinja2 + htmx pages over the services."""
