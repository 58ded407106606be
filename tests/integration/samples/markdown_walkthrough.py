"""A Markdown walkthrough as a program: its fenced blocks, read in order.

```sh blocks are steps to run; a ```text block right after a step is that step's
exact standard output; ```console blocks need a machine the tests do not have
(a Cloudera Manager host) and are only counted. Any other fence is an error, so
that a block cannot silently stop being run because of a typo in its fence.
"""
import re
from dataclasses import dataclass
from typing import Optional

FENCE = re.compile(r"^```([A-Za-z]*)\s*$")
LANGUAGES = ("sh", "text", "console")


@dataclass
class Block:
    language: str
    text: str
    line: int          # the line of the opening fence, from 1


@dataclass
class Step:
    command: Block
    expected_output: Optional[str]   # None when the README shows no output for it


def fenced_blocks(markdown):
    """The ``` blocks of markdown, in order. Fences must start their line."""
    blocks = []
    current = None
    for number, line in enumerate(markdown.splitlines(), 1):
        if current is None:
            match = FENCE.match(line)
            if match:
                if match.group(1) not in LANGUAGES:
                    raise ValueError("line %d: fence '%s' is none of %s" % (number, match.group(1), LANGUAGES))
                current = Block(match.group(1), "", number)
        elif line.rstrip() == "```":
            blocks.append(current)
            current = None
        else:
            current.text += line + "\n"
    if current is not None:
        raise ValueError("line %d: the block is never closed" % current.line)
    return blocks


def walkthrough(markdown):
    """(steps, console blocks): the sh blocks with their shown output, and the skipped blocks."""
    steps, skipped = [], []
    previous = None
    for block in fenced_blocks(markdown):
        if block.language == "text":
            if previous is None or previous.language != "sh" or steps[-1].expected_output is not None:
                raise ValueError("line %d: a text block must follow a sh block" % block.line)
            steps[-1].expected_output = block.text
        elif block.language == "sh":
            steps.append(Step(block, None))
        else:
            skipped.append(block)
        previous = block
    return steps, skipped


MARKER = "@@walkthrough step %d, line %d@@"
MARKER_LINE = re.compile(r"@@walkthrough step \d+, line \d+@@\n")


def script(steps):
    """One bash script running every step in order in one shell, each announced by a
    marker line on stdout and stderr, so that outputs and failures are attributable."""
    parts = ["set -euo pipefail\n"]
    for index, step in enumerate(steps):
        marker = MARKER % (index, step.command.line)
        parts.append("printf '%%s\\n' '%s'; printf '%%s\\n' '%s' >&2\n" % (marker, marker))
        parts.append(step.command.text)
    return "".join(parts)


def outputs_by_step(stdout):
    """The stdout of each step of a run of script(): the text between the markers."""
    return MARKER_LINE.split(stdout)[1:]
