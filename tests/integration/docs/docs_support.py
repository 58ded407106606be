"""Helpers for the documentation tests: read the guide's markdown and the product's --help."""
import os
import re
import subprocess

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DOCS = os.path.join(TOP, "docs")
PARCELTOOL = os.environ.get("PARCELTOOL", "parceltool")


def read(*parts):
    with open(os.path.join(TOP, *parts), encoding="utf-8") as text:
        return text.read()


def sections(markdown, level=2):
    """{heading text: body} for every heading of exactly `level` '#' characters."""
    result = {}
    current = None
    in_code = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if not in_code and re.match(r"^#{1,%d} " % level, line):
            hashes = len(line) - len(line.lstrip("#"))
            current = line[hashes:].strip() if hashes == level else None
            if current is not None:
                if current in result:
                    raise AssertionError("heading %r appears twice" % current)
                result[current] = []
            continue
        if current is not None:
            result[current].append(line)
    return {heading: "\n".join(body) for heading, body in result.items()}


def table_rows(body):
    """The cells of every row of every markdown table in `body` (header and separator rows excluded)."""
    rows = []
    lines = body.splitlines()
    for i, line in enumerate(lines):
        if not line.startswith("|"):
            continue
        if re.match(r"^\|[\s:|-]+\|$", line):
            continue
        if i + 1 < len(lines) and re.match(r"^\|[\s:|-]+\|$", lines[i + 1]):
            continue    # a header row
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        rows.append(cells)
    return rows


def code_span(cell):
    """The text of the first `code span` of a table cell, or None."""
    match = re.match(r"^`([^`]+)`", cell)
    return match.group(1) if match else None


def code_blocks(markdown, language=None):
    """The fenced code blocks of `markdown` (optionally only those of one language)."""
    blocks = re.findall(r"^```([A-Za-z0-9_-]*)\n(.*?)^```", markdown, flags=re.S | re.M)
    return [text for lang, text in blocks if language is None or lang == language]


def run(*args, env=None, cwd=None):
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    return subprocess.run(list(args), capture_output=True, text=True, env=full_env, cwd=cwd)


def tool_help(*words):
    """stdout of `parceltool <words> --help` (which must succeed)."""
    result = run(PARCELTOOL, *words, "--help")
    if result.returncode != 0:
        raise AssertionError("parceltool %s --help exited with %d: %s" % (" ".join(words), result.returncode, result.stderr))
    return result.stdout
