#!/usr/bin/env python3
"""A reverse proxy that adds a fixed delay to every request, so a local AWS emulator answers like a distant
region. Python 3 standard library only.

Each request (method, path, query, headers with Host kept as sent, body) is forwarded to the upstream after
sleeping the delay, and the upstream's status, headers and body are relayed back. One thread per client
connection; HTTP/1.1 keep-alive; request bodies with Content-Length, chunked or absent; HEAD; Expect:
100-continue. SigV4 signatures are not touched (the client signed the Host it sent, which is kept).

With --log, one tab-separated line per request, written before the response is relayed (so a client that
has its answer finds its line in the file):
    arrival (epoch seconds)  method  path?query  region  service  operation  status  milliseconds
region and service come from the SigV4 credential scope of the Authorization header (or X-Amz-Credential),
operation from X-Amz-Target or the Action of a form body ("-" when neither, as for S3's REST calls);
milliseconds is the whole handling time, delay included. src/bench/proxy-log-summary.py summarizes it.

Usage: delay-proxy.py --upstream http://127.0.0.1:5000 [--delay-ms 200] [--port 0] [--log FILE]
                      [--port-file FILE]
The port it listens on (on 127.0.0.1) is printed on stdout and written to --port-file once it accepts.
"""
import argparse
import http.client
import http.server
import os
import re
import sys
import threading
import time
import urllib.parse

# Hop-by-hop headers (RFC 9110 7.6.1) are not forwarded; the proxy frames bodies itself with Content-Length.
HOP_BY_HOP = frozenset(("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
                        "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "expect",
                        "content-length"))
SCOPE = re.compile(r"Credential=[^/,\s]+/\d{8}/([^/,\s]+)/([^/,\s]+)/aws4_request")
MAX_LINE = 65537


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "delay-proxy"
    timeout = 300  # an idle keep-alive connection is closed after this many seconds

    def setup(self):
        super().setup()
        self.upstream = None

    def finish(self):
        self.close_upstream()
        super().finish()

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass  # the request log is ours; errors go to log_error

    def log_error(self, format, *args):  # noqa: A002
        sys.stderr.write("delay-proxy: %s\n" % (format % args))

    def close_upstream(self):
        if self.upstream is not None:
            self.upstream.close()
            self.upstream = None

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline(MAX_LINE).split(b";", 1)[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline(MAX_LINE) not in (b"\r\n", b"\n", b""):
                        pass  # trailers, dropped
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(MAX_LINE)
        length = self.headers.get("Content-Length")
        return self.rfile.read(int(length)) if length is not None else None

    def forward(self):
        arrival = time.time()
        body = self.read_body()
        if self.server.delay > 0:
            time.sleep(self.server.delay)
        # Headers the client's Connection header names are hop-by-hop too.
        named = {h.strip().lower() for h in self.headers.get("Connection", "").split(",")}
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP and k.lower() not in named]
        if body is not None:
            headers.append(("Content-Length", str(len(body))))
        response = data = None
        for attempt in (1, 2):
            reused = self.upstream is not None
            if not reused:
                self.upstream = http.client.HTTPConnection(self.server.upstream_host, self.server.upstream_port,
                                                           timeout=self.server.upstream_timeout)
            try:
                self.upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                for key, value in headers:
                    self.upstream.putheader(key, value)
                self.upstream.endheaders(body)
                response = self.upstream.getresponse()
                data = response.read()
                if response.will_close:
                    self.close_upstream()
                break
            except (OSError, http.client.HTTPException) as error:
                self.close_upstream()
                if not reused or attempt == 2:  # only a kept-alive connection the upstream closed is retried
                    self.log_error("%s %s: upstream failed: %r", self.command, self.path, error)
                    self.log_request_line(arrival, body, 502)
                    self.send_error(502, "upstream failed: %s" % type(error).__name__)
                    return
        self.log_request_line(arrival, body, response.status)
        self.send_response_only(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in HOP_BY_HOP:
                self.send_header(key, value)
        if self.command == "HEAD":
            if response.getheader("Content-Length") is not None:
                self.send_header("Content-Length", response.getheader("Content-Length"))
        elif response.status >= 200 and response.status not in (204, 304):
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD" and data:
            self.wfile.write(data)
        self.wfile.flush()

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = forward

    def log_request_line(self, arrival, body, status):
        if self.server.log is None:
            return
        authorization = self.headers.get("Authorization", "")
        query = urllib.parse.urlsplit(self.path).query
        match = SCOPE.search(authorization) or SCOPE.search(
            "Credential=" + urllib.parse.unquote(dict(urllib.parse.parse_qsl(query)).get("X-Amz-Credential", "")))
        region, service = match.groups() if match else ("-", "-")
        operation = self.headers.get("X-Amz-Target", "").rpartition(".")[2]
        if not operation and body and "x-www-form-urlencoded" in self.headers.get("Content-Type", ""):
            operation = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"))).get("Action", "")
        line = "%.3f\t%s\t%s\t%s\t%s\t%s\t%d\t%d\n" % (arrival, self.command, self.path, region, service,
                                                       operation or "-", status, (time.time() - arrival) * 1000)
        with self.server.log_lock:
            self.server.log.write(line)
            self.server.log.flush()


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # the auditor opens hundreds of connections at once
    block_on_close = False


def main():
    parser = argparse.ArgumentParser(description="Forward HTTP requests to an upstream after a fixed delay.")
    parser.add_argument("--upstream", required=True, help="e.g. http://127.0.0.1:5000")
    parser.add_argument("--delay-ms", type=float, default=0.0, help="delay added to every request (default 0)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--log", help="append one line per request to this file")
    parser.add_argument("--port-file", help="write the port here once listening")
    parser.add_argument("--upstream-timeout", type=float, default=120.0, help="seconds (default 120)")
    args = parser.parse_args()
    upstream = urllib.parse.urlsplit(args.upstream)
    if upstream.scheme != "http" or not upstream.hostname:
        parser.error("--upstream must be http://HOST[:PORT]")

    server = Server(("127.0.0.1", args.port), Handler)
    server.delay = args.delay_ms / 1000.0
    server.upstream_host, server.upstream_port = upstream.hostname, upstream.port or 80
    server.upstream_timeout = args.upstream_timeout
    server.log = open(args.log, "a", encoding="utf-8") if args.log else None
    server.log_lock = threading.Lock()
    port = server.server_address[1]
    if args.port_file:
        temporary = args.port_file + ".tmp"
        with open(temporary, "w", encoding="utf-8") as f:
            f.write("%d\n" % port)
        os.replace(temporary, args.port_file)
    print(port, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
