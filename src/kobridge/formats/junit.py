"""JUnit XML reports of ``kobridge validate`` and ``kobridge glossary qa``, for CI systems.

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


def junit_xml(
    results: Sequence[tuple[str, Sequence[Issue | str]]],
    *,
    suite_name: str = SUITE_NAME,
    classname: str = "kobridge.validate",
    failure_type: str = "ValidationError",
    files: bool = True,
) -> bytes:
    """A JUnit XML report: one test case per checked item, failed when it has problems.

    Args:
        results: each validated file's name and its issues (an empty list when it is valid),
            in the order the files were given; or, for other checks, each item's name and its
            problems as text.
        suite_name, classname, failure_type: the names the report gives the suite, its cases
            and their failures (``kobridge validate``'s by default).
        files: whether the case names are files (written as the ``file`` attribute too).

    Returns:
        The report as indented UTF-8 XML.
    """
    failures = sum(1 for _, issues in results if issues)
    counts = {"tests": str(len(results)), "failures": str(failures), "errors": "0"}
    root = etree.Element("testsuites", name=suite_name, **counts)
    suite = etree.SubElement(root, "testsuite", name=suite_name, **counts, skipped="0")
    for name, issues in results:
        case = etree.SubElement(suite, "testcase", classname=classname, name=_clean(name))
        if files:
            case.set("file", _clean(name))
        if issues:
            noun = "problem" if len(issues) == 1 else "problems"
            failure = etree.SubElement(
                case,
                "failure",
                type=failure_type,
                message=f"{len(issues)} {noun}: {_clean(str(issues[0]).splitlines()[0])}",
            )
            failure.text = "".join(_clean(str(issue)) + "\n" for issue in issues)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
