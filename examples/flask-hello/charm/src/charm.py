#!/usr/bin/env python3
"""Flask charm entrypoint."""

import typing

import ops
import paas_charm.flask


class FlaskHelloCharm(paas_charm.flask.Charm):
    """Flask charm."""

    def __init__(self, *args: typing.Any) -> None:
        super().__init__(*args)


if __name__ == "__main__":
    ops.main(FlaskHelloCharm)
