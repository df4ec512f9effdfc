"""The command line both serial-log benchmarks share: one SERIAL_LOG argument;
a wrong argument count or an unreadable log is one line on stderr and exit 2."""
import sys


def run(main, name, doc):
    if len(sys.argv) != 2:
        print(doc.splitlines()[-1], file=sys.stderr)
        sys.exit(2)
    try:
        sys.exit(main(sys.argv[1]))
    except OSError as e:
        print(f"{name}: {sys.argv[1]}: {e.strerror}", file=sys.stderr)
        sys.exit(2)
