#!/usr/bin/env python3
"""delay-proxy.py, with one more column in its request log: the access key id that signed the request (from
the SigV4 Authorization header or X-Amz-Credential; "-" when unsigned). The eight columns before it are
delay-proxy.py's, so proxy-log-summary.py reads the log as it is; organization-requests.py maps the keys to
accounts. Same arguments as delay-proxy.py.
"""
import importlib.util
import os
import re
import sys
import threading
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
_spec = importlib.util.spec_from_file_location(
    "delay_proxy", os.path.join(os.path.dirname(os.path.abspath(__file__)), "delay-proxy.py"))
delay_proxy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(delay_proxy)

ACCESS_KEY = re.compile(r"Credential=([^/,\s]+)/")


class KeyedLog:
    """The proxy's log file: each line it is given gets the access key id its handler thread set last."""

    def __init__(self, file):
        self.file = file
        self.current = threading.local()

    def write(self, line):
        self.file.write(line.rstrip("\n") + "\t" + getattr(self.current, "key", "-") + "\n")

    def flush(self):
        self.file.flush()


class Handler(delay_proxy.Handler):
    def log_request_line(self, arrival, body, status):
        if isinstance(self.server.log, KeyedLog):
            query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
            match = (ACCESS_KEY.search(self.headers.get("Authorization", ""))
                     or ACCESS_KEY.search("Credential=" + query.get("X-Amz-Credential", "")))
            self.server.log.current.key = match.group(1) if match else "-"
        super().log_request_line(arrival, body, status)


class Server(delay_proxy.Server):
    def __init__(self, address, handler):
        super().__init__(address, Handler)

    def __setattr__(self, name, value):
        if name == "log" and value is not None and not isinstance(value, KeyedLog):
            value = KeyedLog(value)
        super().__setattr__(name, value)


if __name__ == "__main__":
    delay_proxy.Server = Server
    delay_proxy.main()
