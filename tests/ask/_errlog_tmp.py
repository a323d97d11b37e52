import logging


class H(logging.Handler):
    def emit(self, record):
        if record.name == "jol.errors":
            print("TRACE:", getattr(record, "trace", None), getattr(record, "type", None))


logging.getLogger("jol.errors").addHandler(H())
