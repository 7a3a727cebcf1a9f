"""The web app's static files (``static/``): plain HTML, CSS and JS, served by ``tidings.api`` at ``/``."""
