# Splits MIME messages with Python's email package, as an independent parser for the differential test: for each
# base64 message on stdin (a JSON list), per policy (compat32 and default), the number of parts of the top-level
# multipart and the bytes of its first part.
import sys, json, base64, email
from email import policy
def split(raw, pol):
    try:
        m = email.message_from_bytes(raw, policy=pol)
        if not m.is_multipart():
            return {'count': 0}
        parts = m.get_payload()
        p0 = parts[0]
        b = p0.as_bytes(policy=pol.clone(linesep='\r\n'))
        return {'count': len(parts), 'part0': base64.b64encode(b).decode()}
    except Exception as e:
        return {'error': repr(e)[:200]}
out = []
for item in json.load(sys.stdin):
    raw = base64.b64decode(item)
    out.append({'compat32': split(raw, policy.compat32), 'default': split(raw, policy.default)})
json.dump(out, sys.stdout)
