from roadmap.cli import main

main()
