"""Writers and readers of kobridge's output formats, and validation of TEI output."""
