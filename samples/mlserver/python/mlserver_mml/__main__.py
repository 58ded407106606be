"""python3 -m mlserver_mml --version | mean X..."""
import sys

from mlserver_mml import __version__, mean


def main(args):
    if args == ["--version"]:
        print("mlserver_mml", __version__)
        return 0
    if args[:1] == ["mean"]:
        try:
            print(mean(args[1:]))
        except ValueError as error:
            print("mlserver_mml:", error, file=sys.stderr)
            return 2
        return 0
    print("usage: mlserver-python --version | mean X...", file=sys.stderr)
    return 2


sys.exit(main(sys.argv[1:]))
