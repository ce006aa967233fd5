from cards.cli.main import main

main(prog_name="cards")
