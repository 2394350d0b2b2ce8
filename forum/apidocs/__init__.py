"""The API, documented: the OpenAPI 3.1 document (:mod:`forum.apidocs.document`), served at
``/api/v1/openapi.json`` and read as a page at ``/api``, and the comparison with the real
routes (:mod:`forum.apidocs.routes`) that keeps the two in step.

A low layer: the document is data written by hand and imports no domain; what it must
agree with is the app's URL map, which :mod:`forum.apidocs.routes` takes as an argument.
"""
