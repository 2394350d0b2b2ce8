"""Hostile values for the route-wide bad-input test, by where they are sent.

Path and query values are raw URL text (already percent-encoded where needed); form values
are raw ``application/x-www-form-urlencoded`` text, so invalid UTF-8 and encoded surrogates
can be sent; JSON values are Python objects (``json.dumps`` writes a lone surrogate as
``"\\ud800"``), and whole JSON bodies are raw text.
"""
from __future__ import annotations

import base64
import json
from urllib.parse import quote

DEEP = 100_000


def _cursor(*values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _raw_cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


#: integer path arguments (``<id:...>``)
PATH_IDS = ["9223372036854775808", "2147483648", "%C2%B2"]
#: string path arguments (slugs, tokens)
PATH_TEXT = ["%00", "%ED%A0%80", "a" * 2000]

#: query string values, for every argument a route reads
QUERY = ["%C2%B2", "%D9%A1%D9%A2", "1" + "0" * 25, "2147483648", "-1", "%00", "%FF%ED%A0%80",
         "9999-12-31"]
#: extra values for arguments named ``cursor``
CURSORS = [_cursor("x", "y"), _cursor(1.5, None), _cursor(10 ** 30, 10 ** 30),
           _cursor("9999-12-31T23:59:59-05:00", 1), _raw_cursor("[" * DEEP),
           _raw_cursor('["\\ud800", 1]')]

#: raw form values
FORM = ["a%00b", "%1B%5B31m", "%FF%FE%ED%A0%80", "%C2%B2", "2147483648",
        quote("9999-12-31 23:59"), quote("9999-12-31T23:59-05:00"), quote("- " * 500 + "x"),
        quote("²" * 6),
        "x" * 20000]

#: JSON field values
JSON_VALUES: list[object] = [
    "a\x00b", "\ud800", "²", 2 ** 63, 2 ** 31, -1, True, None, [], {"a": 1},
    "9999-12-31T23:59:00-05:00", "- " * 500 + "x", "١٢٣٤٥٦", "x" * 20000,
]

#: whole JSON bodies (raw text)
JSON_BODIES = ["[" * DEEP + "]" * DEEP, '{"a":' * (DEEP // 2) + "1" + "}" * (DEEP // 2),
               '"\\ud800"',
               '{"\\ud800": 1}', "not json", "[]", '{"a": 1e999999}',
               '{"a": ' + "9" * 5000 + "}", "\xff\xfe"]

#: Cookie headers (latin-1 text: ``\\xff`` is the byte 0xFF on the wire)
COOKIES = ["session=\xff\xfe", "session=.eJyrVkrOzytOSSxRslIqzs9NVaoFADppBkI",
           "remember_token=1|not-a-signature", "remember_token=\xff\xfe|\xe9",
           "remember_token=9999999999999999999.secret|sig", "x=\xff; y=%ED%A0%80"]
#: the few values an anonymous visitor sends to every name at once
ANONYMOUS = ["%00", "%FF%ED%A0%80", "%C2%B2", "2147483648"]
