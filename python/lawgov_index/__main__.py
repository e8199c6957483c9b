from lawgov_index.cli import app

app()
