"""The one exception the importer raises for input it refuses."""


class ImportRejected(Exception):
    """Raised for input that cannot be imported; ``message`` is shown to the editor."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
