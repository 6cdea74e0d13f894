"""The OpenAPI schema: every operation documents the problem-details errors it may answer."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from .errors import PROBLEM_TYPE, ProblemSerializer

PUBLIC_ERRORS = ("400", "404", "406", "429")
AUTHENTICATED_ERRORS = ("400", "401", "403", "404", "406", "429")


class ProblemAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = AUTHENTICATED_ERRORS
        if self.method != "GET" or getattr(self.view, "writes", False):
            codes = (*codes, "409", "413", "415")
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ProblemSerializer, code, media_types=[PROBLEM_TYPE], direction=direction
                )
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "portal.api.authentication.ApiTokenAuthentication"
    name = "ApiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Authorization: Bearer pt_... (a token from /account/tokens/)",
        }
