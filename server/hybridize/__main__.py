from hybridize.cli import entry

entry()
