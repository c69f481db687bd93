"""JUnit XML reports of ``kobridge validate``, for CI systems that show test results.

GitHub Actions (through report actions), GitLab (``artifacts:reports:junit``) and Jenkins
read the de facto JUnit format: a ``<testsuites>`` root holding ``<testsuite>`` elements of
``<testcase>`` elements, a failed case holding a ``<failure>``. kobridge writes one suite
named ``kobridge validate`` and one test case per validated file; a file with problems gets
one ``<failure>`` whose text lists each ``FILE:LINE: message``.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from kobridge.formats.validate import Issue
from kobridge.xmlchars import XML_FORBIDDEN

__all__ = ["SUITE_NAME", "junit_xml"]

SUITE_NAME = "kobridge validate"


def _clean(text: str) -> str:
    """A file name or parser message may carry a character XML cannot hold: replace it."""
    return XML_FORBIDDEN.sub("\ufffd", text)


def junit_xml(results: Sequence[tuple[str, list[Issue]]]) -> bytes:
    """A JUnit XML report of validation results.

    Args:
        results: each validated file's name and its issues (an empty list when it is valid),
            in the order the files were given.

    Returns:
        The report as indented UTF-8 XML.
    """
    failures = sum(1 for _, issues in results if issues)
    counts = {"tests": str(len(results)), "failures": str(failures), "errors": "0"}
    root = etree.Element("testsuites", name=SUITE_NAME, **counts)
    suite = etree.SubElement(root, "testsuite", name=SUITE_NAME, **counts, skipped="0")
    for name, issues in results:
        case = etree.SubElement(suite, "testcase", classname="kobridge.validate", name=_clean(name))
        case.set("file", _clean(name))
        if issues:
            noun = "problem" if len(issues) == 1 else "problems"
            failure = etree.SubElement(
                case,
                "failure",
                type="ValidationError",
                message=f"{len(issues)} {noun}: {_clean(str(issues[0]))}",
            )
            failure.text = "".join(_clean(str(issue)) + "\n" for issue in issues)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
