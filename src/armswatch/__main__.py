from armswatch.cli.main import run

run()
