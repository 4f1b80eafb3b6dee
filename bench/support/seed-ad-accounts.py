# Bulk creation of password-less AD accounts straight into the lab DC's database (bench/support/campaign-ou.ts).
# Over LDAP every add is its own transaction, and Samba rewrites each index record the add touches
# (objectClass, objectCategory, sAMAccountType: lists as long as the domain) when it commits: the
# cost of an add grows with the domain, and 100,000 adds take hours. Samba's own provisioning and
# DC join use ldb's batch mode for this (samba/provision/__init__.py: "batch_mode:1" and a
# transaction index cache): one transaction per chunk, indexes written once per chunk. The adds go
# through the DC's full module stack (objectSid from its RID pool, replication metadata, USNs), as
# `samba-tool user add -H` does; the running DC sees them when each chunk commits.
#
# usage: seed-ad-accounts.py SAM_LDB SMB_CONF OU_DN < sAMAccountNames (one per line)
# prints one line per committed chunk: "created N"
import sys

from samba.auth import system_session
from samba.param import LoadParm
from samba.samdb import SamDB

CHUNK = 10_000

sam_ldb, smb_conf, ou_dn = sys.argv[1:4]
lp = LoadParm()
lp.load(smb_conf)
# as provision does: batch mode, and a transaction index cache sized for about 100,000 users
db = SamDB(
    url=sam_ldb,
    session_info=system_session(),
    lp=lp,
    options=["batch_mode:1", "transaction_index_cache_size:202481"],
)
names = [line.strip() for line in sys.stdin if line.strip()]
for start in range(0, len(names), CHUNK):
    db.transaction_start()
    try:
        for sam in names[start : start + CHUNK]:
            n = int(sam[-6:])
            db.add(
                {
                    "dn": f"CN={sam},{ou_dn}",
                    "objectClass": ["top", "person", "organizationalPerson", "user"],
                    "sAMAccountName": sam,
                    "userPrincipalName": f"{sam}@lab.example",
                    # NORMAL_ACCOUNT | PASSWD_NOTREQD: enabled, no password to hash
                    "userAccountControl": "544",
                    "department": f"Dept {n % 50}",
                }
            )
    except BaseException:
        db.transaction_cancel()
        raise
    db.transaction_commit()
    print(f"created {min(start + CHUNK, len(names))}", flush=True)
