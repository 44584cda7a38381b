from hybridize.cli import main

raise SystemExit(main())
