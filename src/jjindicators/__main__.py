"""`python -m jjindicators` runs the jjind command line."""

from jjindicators.cli import main

main()
