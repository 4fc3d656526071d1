#!/usr/bin/env bash
# Post-deployment smoke test, for an operator after `azd up` (see infra/README.md, "After the first deployment").
# It checks, against the real deployment:
#   1. /api/health answers 200 (storage reachable with the app's roles; waits out role propagation and cold start);
#   2. a sign-up is accepted and stored (POST /api/signups, then its status);
#   3. the sign-up reached its queue and an email was attempted (the queue function ran; SendGrid's answer is logged);
#   4. the metrics roll-up timer ran;
#   5. telemetry arrives in Application Insights (3 and 4 are read from there).
#
# Needs: curl, az (signed in, with Reader on the resource group; installs the application-insights extension),
# and the deployment's outputs, from `azd env get-values` when azd is present, or set in the environment:
# SERVICE_API_URI, AZURE_RESOURCE_GROUP, AZURE_APPLICATION_INSIGHTS_NAME.
#
#   CEM_SMOKE_EMAIL=you@example.org bash infra/smoke.sh
#
# CEM_SMOKE_EMAIL receives the sign-up's confirmation email: check that it arrives. The test sign-up (organization
# "CEM smoke test") stays pending-confirmation, which nobody else sees; do not confirm it.
# Optional: CEM_SMOKE_JURISDICTION (default DC), CEM_SMOKE_WAIT_SECONDS (default 1200, for the timer's 15 minutes).
set -euo pipefail

if command -v azd >/dev/null 2>&1 && [[ -z "${SERVICE_API_URI:-}" ]]; then
  eval "$(azd env get-values)"
fi

base=${SERVICE_API_URI:?"SERVICE_API_URI is not set: run after azd up, or export the deployment's outputs."}
group=${AZURE_RESOURCE_GROUP:?"AZURE_RESOURCE_GROUP is not set."}
insights=${AZURE_APPLICATION_INSIGHTS_NAME:?"AZURE_APPLICATION_INSIGHTS_NAME is not set."}
email=${CEM_SMOKE_EMAIL:?"Set CEM_SMOKE_EMAIL to an inbox you read: the sign-up's confirmation goes there."}
jurisdiction=${CEM_SMOKE_JURISDICTION:-DC}
wait_seconds=${CEM_SMOKE_WAIT_SECONDS:-1200}
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
failures=0

pass() { printf 'PASS  %s\n' "$1"; }
fail() { printf 'FAIL  %s\n' "$1"; failures=$((failures + 1)); }

# Runs "$@" every 30 s until it succeeds or $1 seconds pass.
retry_for() {
  local limit=$1 waited=0
  shift
  until "$@"; do
    if (( waited >= limit )); then
      return 1
    fi
    sleep 30
    waited=$((waited + 30))
  done
}

health_is_200() {
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$base/api/health") == 200 ]]
}

# Prints the first cell of a KQL query's answer over Application Insights.
kql() {
  az monitor app-insights query --resource-group "$group" --app "$insights" --analytics-query "$1" \
    --query 'tables[0].rows[0][0]' --output tsv --only-show-errors
}

# True when the query (a count) answers more than zero.
kql_positive() {
  local count
  count=$(kql "$1") || return 1
  [[ -n $count && $count != 0 ]]
}

az extension show --name application-insights >/dev/null 2>&1 || az extension add --name application-insights --only-show-errors

# 1. Health.
if retry_for 600 health_is_200; then
  pass "/api/health answers 200"
else
  fail "/api/health did not answer 200 within 10 minutes: curl -i $base/api/health, and see infra/README.md, \"When the first deployment fails\""
fi

# 2. A sign-up is accepted and stored.
body=$(printf '{"jurisdiction":"%s","organizationName":"CEM smoke test","organizationType":"other","contactName":"Smoke Test","contactTitle":"Operator","email":"%s","consent":true}' "$jurisdiction" "$email")
answer=$(curl -s --max-time 60 -H 'Content-Type: application/json' -H 'Accept: application/json' -d "$body" -w '\n%{http_code}' "$base/api/signups" || true)
status=${answer##*$'\n'}
status_url=$(sed -n 's/.*"statusUrl":"\([^"]*\)".*/\1/p' <<<"${answer%$'\n'*}")
if [[ $status == 202 && -n $status_url ]] && [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$base$status_url") == 200 ]]; then
  pass "a sign-up is accepted (202) and stored ($status_url answers 200)"
else
  fail "POST /api/signups answered $status: ${answer%$'\n'*}"
fi

# 3. The sign-up reached its queue, its function ran, and an email was attempted.
if retry_for 600 kql_positive "requests | where timestamp > datetime($started) and name == 'SendSignupReceivedEmail' | count"; then
  pass "the sign-up reached its queue: SendSignupReceivedEmail ran"
else
  fail "SendSignupReceivedEmail did not run within 10 minutes (queue trigger, storage roles, or telemetry)"
fi

attempt=$(kql "traces | where timestamp > datetime($started) and (message startswith 'SendGrid accepted' or message startswith 'SendGrid refused') | summarize arg_max(timestamp, message) | project message" || true)
case $attempt in
  'SendGrid accepted'*) pass "an email was sent: $attempt (check that it arrived at $email)" ;;
  'SendGrid refused'*) fail "an email was attempted but refused: $attempt (sendgrid-api-key, or an unverified sender address)" ;;
  *) fail "no SendGrid attempt logged since $started (is sendgrid-api-key set? see infra/README.md)" ;;
esac

# 4. The timer ran (every 15 minutes by default).
if retry_for "$wait_seconds" kql_positive "requests | where timestamp > ago(30m) and name == 'MetricsRollup' and success == true | count"; then
  pass "the MetricsRollup timer ran"
else
  fail "MetricsRollup did not run successfully within $wait_seconds seconds"
fi

# 5. Telemetry arrives at all.
if kql_positive "union requests, traces | where timestamp > datetime($started) | count"; then
  pass "telemetry arrives in Application Insights ($insights)"
else
  fail "no telemetry in Application Insights since $started (Monitoring Metrics Publisher role, APPLICATIONINSIGHTS_AUTHENTICATION_STRING)"
fi

if (( failures > 0 )); then
  echo "$failures check(s) failed."
  exit 1
fi
echo "All checks passed."
