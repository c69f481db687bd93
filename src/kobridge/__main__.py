"""``python -m kobridge`` runs the command line."""

from kobridge.cli import app

app(prog_name="kobridge")
