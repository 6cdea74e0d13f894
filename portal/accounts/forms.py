"""The login form."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

# Longer than any password a person types; what is longer never reaches the hasher.
PASSWORD_MAX_LENGTH = 256


class PortalAuthenticationForm(AuthenticationForm):
    """Django's login form, with its length limits enforced: Django sets the username's
    ``max_length`` after the field is built, so no validator checks it, and a 1 MB
    username went on to the backends and django-axes' attempt log (255 characters)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
        password = self.fields["password"]
        password.max_length = PASSWORD_MAX_LENGTH
        password.validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))
        password.widget.attrs["maxlength"] = str(PASSWORD_MAX_LENGTH)
