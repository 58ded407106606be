"""Every relative link of the guide (README.md, docs/**/*.md) names a file that exists and,
with a #fragment, a heading of that file (GitHub's anchor rules)."""
import glob
import os
import re
import unittest

from docs_support import TOP


def anchors(path):
    with open(path, encoding="utf-8") as text:
        markdown = re.sub(r"^```.*?^```", "", text.read(), flags=re.S | re.M)
    slugs = set()
    for heading in re.findall(r"^#{1,6} (.*)$", markdown, flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        slugs.add(slug)
    return slugs


def pages():
    return [os.path.join(TOP, "README.md")] + sorted(glob.glob(os.path.join(TOP, "docs", "**", "*.md"), recursive=True))


class LinksTest(unittest.TestCase):

    def test_relative_links_resolve(self):
        checked = 0
        for page in pages():
            with open(page, encoding="utf-8") as text:
                markdown = re.sub(r"^```.*?^```", "", text.read(), flags=re.S | re.M)
            for target in re.findall(r"\]\(([^)\s]+)\)", markdown):
                if re.match(r"^[a-z]+:", target):
                    continue
                path, _, fragment = target.partition("#")
                resolved = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
                with self.subTest(page=os.path.relpath(page, TOP), link=target):
                    self.assertTrue(os.path.exists(resolved), resolved)
                    if fragment:
                        self.assertIn(fragment, anchors(resolved))
                checked += 1
        self.assertGreater(checked, 40)


if __name__ == "__main__":
    unittest.main()
