"""Demo progress reports in every state."""


def load(places: dict) -> None:
    return None
