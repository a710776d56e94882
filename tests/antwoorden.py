"""Reading a response in a test."""


def inhoud(response, status: int = 200) -> str:
    """The decoded body, once the status is checked: a text missing from a 403 or a 500 page proves nothing."""
    assert response.status_code == status, f"status {response.status_code}, expected {status}"
    return response.content.decode()
