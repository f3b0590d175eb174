"""Render: the theme's templates -> HTML, and HTML -> PDF in worker processes."""
