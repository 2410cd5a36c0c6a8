from committee_report.cli import main

raise SystemExit(main())
