#!/bin/sh
# Creates each Key Vault secret the app settings reference, when it is missing, and never overwrites one that
# exists (so a deployment never undoes a rotation). azd runs this after every provision (azure.yaml), locally
# and in CI, with the deployment's outputs in the environment. Secrets never pass through deployment parameters.
#
#   links-current-key, links-previous-key, client-hash-key, address-hash-key  generated: base64 of 32 random bytes
#   badge-signing-key                                        generated: a P-256 private key (PKCS#8 PEM) that signs badges
#   badge-previous-signing-keys                              an empty JWK Set: the public keys a rotation retires go here
#   sendgrid-api-key                                         from CEM_SENDGRID_API_KEY, or asked for on a terminal
#
# The deployer got Key Vault Secrets Officer moments ago; Azure can take minutes to apply a new role, so a
# refusal (403) is retried for up to ten minutes before giving up.
set -eu

vault=${AZURE_KEY_VAULT_NAME:?"AZURE_KEY_VAULT_NAME is not set: run this through azd after provisioning (azd provision)."}
app=${AZURE_FUNCTION_APP_NAME:?"AZURE_FUNCTION_APP_NAME is not set: run this through azd after provisioning."}
group=${AZURE_RESOURCE_GROUP:?"AZURE_RESOURCE_GROUP is not set: run this through azd after provisioning."}
retry_seconds=${CEM_ROLE_WAIT_SECONDS:-600}

created=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"

# Prints "present", "missing" or "deleted" for a secret; retries while the vault refuses us. Call it as
# state=$(secret_state name): under set -e a failure in that assignment stops the script.
secret_state() {
  waited=0
  while :; do
    if az keyvault secret show --vault-name "$vault" --name "$1" --query id --output tsv >/dev/null 2>"$work/err"; then
      echo present
      return
    fi
    if grep -q "SecretNotFound" "$work/err"; then
      if az keyvault secret show-deleted --vault-name "$vault" --name "$1" --query recoveryId --output tsv >/dev/null 2>&1; then
        echo deleted
      else
        echo missing
      fi
      return
    fi
    if grep -q -e "Forbidden" -e "403" "$work/err" && [ "$waited" -lt "$retry_seconds" ]; then
      echo "Key Vault $vault refuses access to $1 (the role assignment may still be propagating); retrying in 30 s." >&2
      sleep 30
      waited=$((waited + 30))
      continue
    fi
    cat "$work/err" >&2
    echo "Could not read secret $1 in Key Vault $vault (see above)." >&2
    exit 1
  done
}

# Writes the value in file $2 as secret $1, from a file so the value never appears in a command line.
write_secret() {
  az keyvault secret set --vault-name "$vault" --name "$1" --file "$2" --encoding utf-8 --content-type "$3" --query id --output tsv >/dev/null
  echo "Created secret $1 in Key Vault $vault."
  created=$((created + 1))
}

ensure_generated_key() {
  state=$(secret_state "$1")
  case $state in
    present) echo "Secret $1 exists; left as it is." ;;
    deleted)
      echo "Secret $1 is soft-deleted in Key Vault $vault. Recover it (az keyvault secret recover --vault-name $vault --name $1) or purge it, then run azd provision again." >&2
      exit 1 ;;
    missing)
      head -c 32 /dev/urandom | base64 | tr -d '\n' >"$work/value"
      write_secret "$1" "$work/value" base64 ;;
  esac
}

# The badges' ES256 key: a P-256 private key as PKCS#8 PEM, made by openssl straight into the work folder.
ensure_badge_signing_key() {
  state=$(secret_state badge-signing-key)
  case $state in
    present) echo "Secret badge-signing-key exists; left as it is." ;;
    deleted)
      echo "Secret badge-signing-key is soft-deleted in Key Vault $vault. Recover it (az keyvault secret recover --vault-name $vault --name badge-signing-key), then run azd provision again." >&2
      exit 1 ;;
    missing)
      openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/value"
      write_secret badge-signing-key "$work/value" application/x-pem-file ;;
  esac
}

# The badge keys a rotation retired, public halves only, still published so their badges verify: none at first.
ensure_badge_previous_keys() {
  state=$(secret_state badge-previous-signing-keys)
  case $state in
    present) echo "Secret badge-previous-signing-keys exists; left as it is." ;;
    deleted)
      echo "Secret badge-previous-signing-keys is soft-deleted in Key Vault $vault. Recover it (az keyvault secret recover --vault-name $vault --name badge-previous-signing-keys), then run azd provision again." >&2
      exit 1 ;;
    missing)
      printf '%s' '{"keys":[]}' >"$work/value"
      write_secret badge-previous-signing-keys "$work/value" application/jwk-set+json ;;
  esac
}

ensure_sendgrid_key() {
  state=$(secret_state sendgrid-api-key)
  case $state in
    present) echo "Secret sendgrid-api-key exists; left as it is." ;;
    deleted)
      echo "Secret sendgrid-api-key is soft-deleted in Key Vault $vault. Recover it (az keyvault secret recover --vault-name $vault --name sendgrid-api-key), then run azd provision again." >&2
      exit 1 ;;
    missing)
      if [ -n "${CEM_SENDGRID_API_KEY:-}" ]; then
        printf '%s' "$CEM_SENDGRID_API_KEY" >"$work/value"
      elif [ -t 0 ]; then
        printf 'SendGrid API key (Mail Send permission; input hidden): '
        stty -echo
        IFS= read -r key || key=
        stty echo
        echo
        printf '%s' "$key" >"$work/value"
      else
        echo "Key Vault secret sendgrid-api-key is missing and CEM_SENDGRID_API_KEY is not set; without it every email fails." >&2
        echo "Set CEM_SENDGRID_API_KEY (a GitHub secret in CI) and run again, or: az keyvault secret set --vault-name $vault --name sendgrid-api-key --file <key file>" >&2
        exit 1
      fi
      if [ ! -s "$work/value" ]; then
        echo "No SendGrid API key given; secret sendgrid-api-key is still missing and every email would fail." >&2
        exit 1
      fi
      write_secret sendgrid-api-key "$work/value" text/plain ;;
  esac
}

ensure_generated_key links-current-key
ensure_generated_key links-previous-key
ensure_generated_key client-hash-key
ensure_generated_key address-hash-key
ensure_badge_signing_key
ensure_badge_previous_keys
ensure_sendgrid_key

# Key Vault references are resolved when the app starts: restart so a new secret takes effect now, not within a day.
if [ "$created" -gt 0 ]; then
  az functionapp restart --resource-group "$group" --name "$app" --output none
  echo "Restarted $app so its Key Vault references resolve."
fi
