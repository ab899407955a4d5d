#!/bin/sh
# The unit is gone: systemd forgets it. The marketdesk user stays (Debian
# keeps system users so files it owned never pass to a new user).
set -e
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
fi
