from helixnet.cli import main

raise SystemExit(main())
