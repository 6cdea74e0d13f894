"""The REST API under /api/v1/ (Django REST framework, drf-spectacular): tokens, their
authentication, problem-details errors, pagination and throttles, and the endpoints, which
call the slices' services (writes) and selectors (reads) and nothing else."""
