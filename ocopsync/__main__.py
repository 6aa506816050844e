from ocopsync.cli import app

app()
