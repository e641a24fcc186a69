"""The vendor formats added for issue 16: each rule on a real-format value (reported at medium or
above) and on a look-alike of the same vendor (a truncated body, a character outside the alphabet, a
public key, a test-mode key) that is not. Values are generated here at test time from the documented
shapes."""

from __future__ import annotations

import base64
import json
import string

import pytest

from launchgate.checks.secrets import engine
from tests.unit.checks.secrets.tokens import AN, B64, HEX, LO, UP, URL, Tokens, reported

_T = Tokens(16)
s, uuid = _T.s, _T.uuid


def op_service_account() -> str:
    """1Password's service account token body: base64url of its JSON sign-in document."""
    doc = {"signInAddress": "my.1password.com", "email": f"{s(LO, 12)}@1passwordserviceaccounts.com",
           "srpX": s(HEX, 64), "muk": {"alg": "A256GCM", "k": s(URL, 43)},
           "secretKey": f"A3-{s(UP, 6)}", "deviceUuid": s(LO, 26)}
    return base64.urlsafe_b64encode(json.dumps(doc).encode()).decode().rstrip("=")


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def tinybird_payload() -> str:
    doc = {"u": uuid(), "id": uuid(), "host": "gcp-europe-west3"}
    return base64.urlsafe_b64encode(json.dumps(doc).encode()).decode().rstrip("=")


# rule slug -> (path, text holding a value of the documented format)
NEW_BAD: dict[str, tuple[str, str]] = {
    "rubygems-token": ("src/c.ts", f'push("rubygems_{s(HEX, 48)}")\n'),
    "nuget-key": ("src/c.ts", f'push("oy2{s(LO, 43)}")\n'),
    "crates-token": ("src/c.ts", f'publish("cio{s(AN, 31)}x")\n'),
    "packagist-token": ("src/c.ts", f'auth("packagist_uut_{s(AN, 68)}")\n'),
    "buildkite-token": ("src/c.ts", f'bk("bkua_{s(HEX, 40)}")\n'),
    "circleci-token": ("src/c.ts", f'ci("CCIPAT_{s(AN, 22)}_{s(HEX, 40)}")\n'),
    "terraform-cloud-token": ("src/c.ts", f'tf("{s(AN, 14)}.atlasv1.{s(AN, 67)}")\n'),
    "octopus-key": ("src/c.ts", f'octo("API-{s(UP, 26)}")\n'),
    "bitbucket-app-password": ("src/c.ts", f'bb("ATBB{s(AN, 32)}")\n'),
    "heroku-key": ("src/c.ts", f'h("HRKU-AA{s(URL, 58)}")\n'),
    "flyio-token": ("src/c.ts", f'fly("FlyV1 fm2_{s(B64, 220)}")\n'),
    "supabase-access-token": ("src/c.ts", f'sb("sbp_{s(HEX, 40)}")\n'),
    "render-key": ("src/c.ts", f'r("rnd_{s(AN, 32)}")\n'),
    "alibaba-access-key": ("src/c.ts", f'ali("LTAI{s(AN, 20)}")\n'),
    "azure-client-secret": ("src/c.ts", f'az("{s(AN, 3)}8Q~{s(URL, 34)}")\n'),
    "brevo-key": ("src/c.ts", f'brevo("xkeysib-{s(HEX, 64)}-{s(AN, 16)}")\n'),
    "teams-webhook": (
        "src/c.ts",
        f'post("https://acme.webhook.office.com/webhookb2/{uuid()}@{uuid()}'
        f'/IncomingWebhook/{s(HEX, 32)}/{uuid()}")\n',
    ),
    "twitch-token": ("src/c.ts", f'chat("oauth:{s(LO, 30)}")\n'),
    "langsmith-key": ("src/c.ts", f'ls("lsv2_pt_{s(HEX, 32)}_{s(HEX, 10)}")\n'),
    "openrouter-key": ("src/c.ts", f'or("sk-or-v1-{s(HEX, 64)}")\n'),
    "perplexity-key": ("src/c.ts", f'p("pplx-{s(AN, 48)}")\n'),
    "tavily-key": ("src/c.ts", f't("tvly-{s(AN, 32)}")\n'),
    "xai-key": ("src/c.ts", f'x("xai-{s(AN, 80)}")\n'),
    "stytch-secret": ("src/c.ts", f'st("secret-live-{s(URL, 36)}")\n'),
    "workos-key": ("src/c.ts", f'w("sk_{s(AN, 59)}7")\n'),
    "clickup-token": ("src/c.ts", f'cu("pk_{s(string.digits, 8)}_{s(UP, 32)}")\n'),
    "contentful-token": ("src/c.ts", f'cf("CFPAT-{s(URL, 43)}")\n'),
    "dropbox-token": ("src/c.ts", f'dbx("sl.B{s(URL, 136)}")\n'),
    "figma-token": ("src/c.ts", f'fig("figd_{s(URL, 40)}")\n'),
    "hubspot-token": ("src/c.ts", f'hs("pat-na1-{uuid()}")\n'),
    "typeform-token": ("src/c.ts", f'tf("tfp_{s(URL, 44)}_{s(URL, 14)}")\n'),
    "datadog-key": (".env", f"DD_API_KEY={s(HEX, 32)}\n"),
    "dynatrace-token": ("src/c.ts", f'dt("dt0c01.{s(UP, 24)}.{s(UP, 64)}")\n'),
    "honeycomb-key": ("src/c.ts", f'hc("hcaik_01{s(LO, 58)}")\n'),
    "axiom-token": ("src/c.ts", f'ax("xaat-{uuid()}")\n'),
    "posthog-key": ("src/c.ts", f'ph("phx_{s(AN, 43)}")\n'),
    "rollbar-token": (".env", f"ROLLBAR_ACCESS_TOKEN={s(HEX, 32)}\n"),
    "launchdarkly-key": ("src/c.ts", f'ld("sdk-{uuid()}")\n'),
    "flagsmith-key": ("src/c.ts", f'fs("ser.{s(AN, 22)}")\n'),
    "statsig-key": ("src/c.ts", f'sg("secret-{s(AN, 43)}")\n'),
    "configcat-key": ("src/c.ts", f'cc("configcat-sdk-1/{s(URL, 22)}/{s(URL, 22)}")\n'),
    "adyen-key": ("src/c.ts", f'ad("AQE{s(B64, 90)}==-{s(B64, 43)}=-{s(URL, 16)}")\n'),
    "flutterwave-key": ("src/c.ts", f'flw("FLWSECK-{s(HEX, 32)}-X")\n'),
    "plaid-token": ("src/c.ts", f'plaid("access-production-{uuid()}")\n'),
    "mollie-key": ("src/c.ts", f'mollie("live_{s(AN, 30)}")\n'),
    "onepassword-token": ("src/c.ts", f'op("ops_{op_service_account()}")\n'),
    "onepassword-secret-key": (
        "src/c.ts",
        f'op("A3-{s(UP, 6)}-{s(UP, 6)}-{s(UP, 5)}-{s(UP, 5)}-{s(UP, 5)}-{s(UP, 5)}")\n',
    ),
    # batch 2
    "databricks-token": ("src/c.ts", f'db("dapi{s(HEX, 32)}")\n'),
    "sonarqube-token": ("src/c.ts", f'sonar("squ_{s(HEX, 40)}")\n'),
    "prefect-key": ("src/c.ts", f'pf("pnu_{s(AN, 36)}")\n'),
    "neon-key": ("src/c.ts", f'neon("napi_{s(LO, 64)}")\n'),
    "shippo-token": ("src/c.ts", f'sh("shippo_live_{s(HEX, 40)}")\n'),
    "easypost-key": ("src/c.ts", f'ep("EZAK{s(AN, 54)}")\n'),
    "paddle-key": ("src/c.ts", f'pd("pdl_live_apikey_{s(LO, 26)}_{s(AN, 22)}_{s(AN, 3)}")\n'),
    "mercadopago-token": ("src/c.ts", f'mp("APP_USR-{s(string.digits, 16)}-{s(string.digits, 6)}-'
                                      f'{s(HEX, 32)}-{s(string.digits, 9)}")\n'),
    "mandrill-key": ("src/c.ts", f'md("md-{s(AN, 21)}9")\n'),
    "twitter-bearer-token": ("src/c.ts", f'tw("{"A" * 22}{s(AN, 80)}")\n'),
    "intercom-token": ("src/c.ts", f'ic("dG9rOj{s(B64, 60)}=")\n'),
    "devcycle-key": ("src/c.ts", f'dvc("dvc_server_{s(URL, 40)}")\n'),
    "harness-token": ("src/c.ts", f'hn("pat.{s(URL, 22)}.{s(HEX, 24)}.{s(AN, 20)}")\n'),
    "scalingo-token": ("src/c.ts", f'sc("tk-us-{s(URL, 48)}")\n'),
    "tencent-key": ("src/c.ts", f'tc("AKID{s(AN, 32)}")\n'),
    "yandex-key": ("src/c.ts", f'yc("AQVN{s(URL, 36)}")\n'),
    "elevenlabs-key": ("src/c.ts", f'el("sk_{s(HEX, 48)}")\n'),
    "fireworks-key": ("src/c.ts", f'fw("fw_{s(AN, 24)}")\n'),
    "ory-token": ("src/c.ts", f'ory("ory_pat_{s(AN, 32)}")\n'),
    "okta-token": (".env", f"OKTA_API_TOKEN=00{s(URL, 40)}\n"),
    "cloudflare-token": (".env", f"CLOUDFLARE_API_TOKEN={s(URL, 40)}\n"),
    "azure-devops-pat": (".env", f"AZURE_DEVOPS_PAT={s(string.ascii_lowercase + '234567', 52)}\n"),
    "linode-token": (".env", f"LINODE_TOKEN={s(HEX, 64)}\n"),
    "hetzner-token": (".env", f"HCLOUD_TOKEN={s(AN, 64)}\n"),
    "cohere-key": (".env", f"COHERE_API_KEY={s(AN, 40)}\n"),
    "mistral-key": (".env", f"MISTRAL_API_KEY={s(AN, 32)}\n"),
    "deepgram-key": (".env", f"DEEPGRAM_API_KEY={s(HEX, 40)}\n"),
    "assemblyai-key": (".env", f"ASSEMBLYAI_API_KEY={s(HEX, 32)}\n"),
    "splunk-token": (".env", f"SPLUNK_HEC_TOKEN={uuid()}\n"),
    "pagerduty-key": (".env", f"PAGERDUTY_API_KEY=u+{s(URL, 18)}\n"),
    "opsgenie-key": (".env", f"OPSGENIE_API_KEY={uuid()}\n"),
    "algolia-admin-key": (".env", f"ALGOLIA_ADMIN_KEY={s(HEX, 32)}\n"),
    "snyk-token": (".env", f"SNYK_TOKEN={uuid()}\n"),
    "codecov-token": (".env", f"CODECOV_TOKEN={uuid()}\n"),
    "zendesk-token": (".env", f"ZENDESK_API_TOKEN={s(AN, 40)}\n"),
    # batch 3
    "aws-session-token": ("src/c.ts", f'aws("IQoJb3JpZ2luX2VjE{s(B64, 300)}")\n'),
    "google-oauth-token": ("src/c.ts", f'g("ya29.a0{s(URL, 150)}")\n'),
    "facebook-token": ("src/c.ts", f'fb("EAAG{s(AN, 180)}")\n'),
    "fcm-server-key": ("src/c.ts", f'fcm("AAAA{s(URL, 7)}:APA91b{s(URL, 134)}")\n'),
    "cloudinary-url": (".env", f"CLOUDINARY_URL=cloudinary://{s(string.digits, 15)}:"
                               f"{s(URL, 27)}@acme\n"),
    "sourcegraph-token": ("src/c.ts", f'sg("sgp_{s(HEX, 16)}_{s(HEX, 40)}")\n'),
    "frameio-token": ("src/c.ts", f'fio("fio-u-{s(URL, 64)}")\n'),
    "duffel-token": ("src/c.ts", f'df("duffel_live_{s(URL, 43)}")\n'),
    "azure-openai-key": (".env", f"AZURE_OPENAI_API_KEY={s(HEX, 32)}\n"),
    "sparkpost-key": (".env", f"SPARKPOST_API_KEY={s(HEX, 40)}\n"),
    "bugsnag-key": (".env", f"BUGSNAG_API_KEY={s(HEX, 32)}\n"),
    "railway-token": (".env", f"RAILWAY_TOKEN={uuid()}\n"),
    # session 6 (more cases in test_near_misses.py)
    "paystack-secret-key": ("src/c.ts", 'charge("sk_' + f'live_{s(HEX, 40)}")\n'),
    "unleash-token": ("src/c.ts", f'unleash.init("*:production.{s(HEX, 64)}")\n'),
    "asana-token": (".env", f"ASANA_PAT=2/{s(string.digits, 16)}/{s(string.digits, 16)}:"
                            f"{s(HEX, 32)}\n"),
    "bitwarden-access-token": (".env", f"BWS_ACCESS_TOKEN=0.{uuid()}.{s(AN, 30)}:{s(B64, 22)}==\n"),
    "infisical-token": (".env", f"INFISICAL_TOKEN=st.{uuid()}.{s(HEX, 32)}.{s(HEX, 32)}\n"),
    "inngest-signing-key": ("src/c.ts", f'serve("signkey-prod-{s(HEX, 64)}")\n'),
    "triggerdev-key": ("src/c.ts", f'configure("tr_prod_{s(AN, 24)}")\n'),
    "polar-token": ("src/c.ts", f'polar("polar_oat_{s(AN, 43)}")\n'),
    "tinybird-token": ("src/c.ts", f'tb("p.{tinybird_payload()}.{s(URL, 43)}")\n'),
    "youtrack-token": ("src/c.ts", f'yt("perm:{b64("deploy-bot")}.{b64("ci")}.{s(AN, 30)}")\n'),
}

# rule slug -> (path, text holding a look-alike of that vendor's format, next to the vendor's own
# name)
NEW_GOOD: dict[str, tuple[str, str]] = {
    "rubygems-token": (".env", f"GEM_HOST_API_KEY=rubygems_{s(HEX, 32)}\n"),  # truncated
    "nuget-key": (".env", f"NUGET_API_KEY=oy2{s(LO, 20)}\n"),
    "crates-token": (".env", f"CARGO_REGISTRY_TOKEN=cio{s(AN, 12)}\n"),
    "packagist-token": (".env", f"PACKAGIST_TOKEN=packagist_uut_{s(AN, 20)}\n"),
    "buildkite-token": (".env", f"BUILDKITE_API_TOKEN=bkua_{s(HEX, 20)}g{s(HEX, 19)}\n"),  # not hex
    "circleci-token": (".env", f"CIRCLECI_TOKEN=CCIPAT_{s(AN, 22)}\n"),
    "terraform-cloud-token": (".env", f"TFE_TOKEN={s(AN, 14)}.atlasv1.{s(AN, 12)}\n"),
    "octopus-key": (".env", f"OCTOPUS_API_KEY=API-{s(UP, 12)}\n"),
    "bitbucket-app-password": (".env", f"BITBUCKET_APP_PASSWORD=ATBB{s(AN, 8)}\n"),
    "heroku-key": (".env", f"HEROKU_API_KEY=HRKU-{s(AN, 8)}\n"),
    "flyio-token": (".env", "FLY_API_TOKEN=FlyV1 fm2_\n"),
    "supabase-access-token": (".env", f"SUPABASE_ACCESS_TOKEN=sbp_{s(HEX, 12)}\n"),
    "render-key": (".env", f"RENDER_API_KEY=rnd_{s(AN, 8)}\n"),
    "alibaba-access-key": (".env", f"ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI{s(AN, 6)}\n"),
    "azure-client-secret": (".env", f"AZURE_CLIENT_SECRET={s(AN, 3)}8Q~{s(AN, 12)}\n"),
    "brevo-key": (".env", f"BREVO_API_KEY=xkeysib-{s(HEX, 20)}\n"),
    "teams-webhook": (
        "docs.md",
        "https://acme.webhook.office.com/webhookb2/<id>/IncomingWebhook/<id>\n",
    ),
    "twitch-token": (".env", f"TWITCH_OAUTH_TOKEN=oauth:{s(LO, 8)}\n"),
    "langsmith-key": (".env", f"LANGSMITH_API_KEY=lsv2_pt_{s(HEX, 12)}\n"),
    "openrouter-key": (".env", f"OPENROUTER_API_KEY=sk-or-v1-{s(HEX, 20)}\n"),
    "perplexity-key": (".env", f"PERPLEXITY_API_KEY=pplx-{s(AN, 10)}\n"),
    "tavily-key": (".env", f"TAVILY_API_KEY=tvly-{s(AN, 8)}\n"),
    "xai-key": (".env", f"XAI_API_KEY=xai-{s(AN, 12)}\n"),
    "stytch-secret": (".env", f"STYTCH_SECRET=secret-test-{s(URL, 36)}\n"),  # test mode: low
    "workos-key": (".env", f"WORKOS_API_KEY=sk_{s(AN, 8)}\n"),
    "clickup-token": (".env", f"CLICKUP_API_TOKEN=pk_{s(string.digits, 8)}\n"),
    "contentful-token": (".env", f"CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-{s(URL, 10)}\n"),
    "dropbox-token": (".env", f"DROPBOX_ACCESS_TOKEN=sl.{s(AN, 6)}\n"),
    "figma-token": (".env", f"FIGMA_TOKEN=figd_{s(AN, 8)}\n"),
    "hubspot-token": (".env", f"HUBSPOT_ACCESS_TOKEN=pat-na1-{s(HEX, 8)}\n"),
    "typeform-token": (".env", f"TYPEFORM_TOKEN=tfp_{s(AN, 8)}\n"),
    "datadog-key": ("src/c.py", f'commit = "{s(HEX, 40)}"  # datadog agent release\n'),
    "dynatrace-token": (".env", f"DT_API_TOKEN=dt0c01.{s(UP, 24)}\n"),  # the public id alone
    "honeycomb-key": (".env", f"HONEYCOMB_API_KEY=hcaik_{s(LO, 10)}\n"),
    "axiom-token": (".env", f"AXIOM_TOKEN=xaat-{s(HEX, 8)}\n"),
    "posthog-key": ("src/c.ts", f'posthog.init("phc_{s(AN, 43)}")\n'),  # project key: public
    "rollbar-token": ("src/c.py", f'ROLLBAR_ENVIRONMENT = "production"  # build {s(HEX, 12)}\n'),
    "launchdarkly-key": ("src/c.ts", f'LDClient.initialize("{s(HEX, 24)}")\n'),  # client-side id
    "flagsmith-key": (".env", f"FLAGSMITH_ENVIRONMENT_KEY=ser.{s(AN, 6)}\n"),
    "statsig-key": (
        "src/c.ts",
        f'statsig.initialize("client-{s(AN, 43)}")\n',
    ),  # client key: public
    "configcat-key": (".env", f"CONFIGCAT_SDK_KEY=configcat-sdk-1/{s(URL, 22)}\n"),
    "adyen-key": (".env", f"ADYEN_API_KEY=AQE{s(AN, 8)}\n"),
    "flutterwave-key": ("src/c.ts", f'flw("FLWPUBK-{s(HEX, 32)}-X")\n'),  # public key
    "plaid-token": ("src/c.ts", f'plaid("access-sandbox-{uuid()}")\n'),
    "mollie-key": ("src/c.ts", f'mollie("test_{s(AN, 30)}")\n'),
    "onepassword-token": (".env", f"OP_SERVICE_ACCOUNT_TOKEN=ops_{s(AN, 10)}\n"),
    "onepassword-secret-key": ("docs.md", "Secret Key: A3-XXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX\n"),
    # batch 2
    "databricks-token": (".env", f"DATABRICKS_TOKEN=dapi{s(HEX, 12)}\n"),
    "sonarqube-token": (".env", f"SONAR_TOKEN=squ_{s(HEX, 20)}\n"),
    "prefect-key": (".env", f"PREFECT_API_KEY=pnu_{s(AN, 8)}\n"),
    "neon-key": (".env", f"NEON_API_KEY=napi_{s(LO, 20)}\n"),
    "shippo-token": (".env", f"SHIPPO_TOKEN=shippo_test_{s(HEX, 40)}\n"),  # test mode: low
    "easypost-key": (".env", f"EASYPOST_API_KEY=EZTK{s(AN, 54)}\n"),  # test key: low
    "paddle-key": (".env", f"PADDLE_API_KEY=pdl_sdbx_apikey_{s(LO, 26)}_{s(AN, 22)}_{s(AN, 3)}\n"),
    "mercadopago-token": (".env", f"MP_ACCESS_TOKEN=APP_USR-{s(string.digits, 16)}\n"),
    "mandrill-key": ("src/app.css", ".md-flex-grid-container-wide { display: flex }\n"),
    "twitter-bearer-token": (".env", f"TWITTER_BEARER_TOKEN={'A' * 21}\n"),
    "intercom-token": (".env", f"INTERCOM_TOKEN=dG9rOj{s(AN, 10)}\n"),
    "devcycle-key": ("src/c.ts", f'dvc.init("dvc_client_{s(URL, 40)}")\n'),  # client key: public
    "harness-token": ("src/compat.py", f"import compat.{s(string.ascii_lowercase, 22)}\n"),
    "scalingo-token": (".env", f"SCALINGO_API_TOKEN=tk-us-{s(URL, 12)}\n"),
    "tencent-key": (".env", f"TENCENTCLOUD_SECRET_ID=AKID{s(AN, 10)}\n"),
    "yandex-key": (".env", f"YC_API_KEY=AQVN{s(URL, 10)}\n"),
    "elevenlabs-key": (".env", f"ELEVENLABS_API_KEY=sk_{s(HEX, 20)}\n"),
    "fireworks-key": (".env", f"FIREWORKS_API_KEY=fw_{s(AN, 8)}\n"),
    "ory-token": (".env", f"ORY_API_KEY=ory_pat_{s(AN, 8)}\n"),
    "okta-token": (".env", "OKTA_ORG_URL=https://dev-123456.okta.com\n"),
    "cloudflare-token": (".env", f"CLOUDFLARE_ACCOUNT_ID={s(HEX, 32)}\n"),
    "azure-devops-pat": (".env", "AZURE_DEVOPS_ORG=https://dev.azure.com/acme\n"),
    "linode-token": ("src/c.py", f'linode_region = "us-east"  # {s(HEX, 8)}\n'),
    "hetzner-token": (".env", "HCLOUD_LOCATION=fsn1\n"),
    "cohere-key": (".env", "COHERE_MODEL=command-r-plus\n"),
    "mistral-key": (".env", "MISTRAL_MODEL=mistral-large-latest\n"),
    "deepgram-key": (".env", "DEEPGRAM_MODEL=nova-2\n"),
    "assemblyai-key": (".env", "ASSEMBLYAI_SPEECH_MODEL=best\n"),
    "splunk-token": (".env", f"SPLUNK_INDEX_ID={uuid()}\n"),  # an id, not a token
    "pagerduty-key": (".env", f"PAGERDUTY_SERVICE_ID=P{s(UP, 6)}\n"),
    "opsgenie-key": (".env", f"OPSGENIE_TEAM_ID={uuid()}\n"),
    "algolia-admin-key": ("src/c.ts", f'algoliasearch("{s(UP, 10)}", searchOnlyKey)\n'),
    "snyk-token": (".env", f"SNYK_ORG_ID={uuid()}\n"),
    "codecov-token": (".env", "CODECOV_URL=https://codecov.io\n"),
    "zendesk-token": (".env", "ZENDESK_SUBDOMAIN=acme\n"),
    # batch 3
    "aws-session-token": (".env", f"AWS_SESSION_TOKEN=IQoJb3JpZ2lu{s(B64, 20)}\n"),
    "google-oauth-token": (".env", "GOOGLE_TOKEN_URI=https://oauth2.googleapis.com/token\n"),
    "facebook-token": ("src/c.ts", "const FLAG = 'EAAGLE_ENABLED';\n"),
    "fcm-server-key": (".env", f"FCM_SENDER_ID={s(string.digits, 12)}\n"),
    "cloudinary-url": ("docs.md",
                       "CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name>\n"),
    "sourcegraph-token": (".env", f"SRC_ACCESS_TOKEN=sgp_{s(HEX, 12)}\n"),
    "frameio-token": (".env", f"FRAMEIO_TOKEN=fio-u-{s(AN, 10)}\n"),
    "duffel-token": (".env", f"DUFFEL_ACCESS_TOKEN=duffel_test_{s(URL, 43)}\n"),  # test mode: low
    "azure-openai-key": (".env", "AZURE_OPENAI_ENDPOINT=https://acme.openai.azure.com/\n"),
    "sparkpost-key": (".env", "SPARKPOST_SENDING_DOMAIN=mail.acme.test\n"),
    "bugsnag-key": (".env", "BUGSNAG_RELEASE_STAGE=production\n"),
    "railway-token": (".env", f"RAILWAY_PROJECT_ID={uuid()}\n"),
    # session 6
    "paystack-secret-key": (".env", "PAYSTACK_SECRET_KEY=sk_" + f"live_{s(HEX, 26)}\n"),
    "unleash-token": (".env", f"UNLEASH_API_TOKEN=default:development.{s(HEX, 12)}\n"),
    "asana-token": (".env", f"ASANA_WORKSPACE=2/{s(string.digits, 16)}/{s(string.digits, 16)}\n"),
    "bitwarden-access-token": (".env", f"BWS_ACCESS_TOKEN=0.{uuid()}\n"),
    "infisical-token": (".env", f"INFISICAL_TOKEN=st.{uuid()}\n"),
    "inngest-signing-key": (".env", f"INNGEST_SIGNING_KEY=signkey-prod-{s(HEX, 12)}\n"),
    "triggerdev-key": ("src/c.ts", f'trigger("pk_prod_{s(AN, 24)}")\n'),  # public key
    "polar-token": (".env", f"POLAR_CLIENT_ID=polar_ci_{s(AN, 22)}\n"),  # a client id
    "tinybird-token": (".env", f"TINYBIRD_TOKEN=p.eyJ{s(URL, 60)}.{s(URL, 43)}\n"),  # no JSON
    # the example of YouTrack's REST API documentation
    "youtrack-token": ("scripts/yt.sh", "curl -H 'Authorization: Bearer perm:cm9vdA==.dG9rZW4="
                                      ".rNZ38ije7uiWwnUTRDdyFDdUkoPUPi'\n"),
}


def test_every_new_rule_has_both_cases() -> None:
    assert set(NEW_BAD) == set(NEW_GOOD)


@pytest.mark.parametrize("slug", sorted(NEW_BAD))
def test_documented_format_is_reported(slug: str) -> None:
    path, text = NEW_BAD[slug]
    assert f"secrets.{slug}" in reported(path, text)


@pytest.mark.parametrize("slug", sorted(NEW_GOOD))
def test_look_alike_is_not_reported(slug: str) -> None:
    path, text = NEW_GOOD[slug]
    assert reported(path, text) == set()


def test_truncated_token_next_to_its_name_is_not_a_generic_password() -> None:
    # a vendor prefix with a body the vendor never issues: neither the vendor rule nor the generic
    # one fires
    for text in (
        f"GH_TOKEN=ghp_{s(AN, 20)}\n",
        f"SLACK_BOT_TOKEN=xoxb-{s(string.digits, 3)}\n",
        f"OPENAI_API_KEY=sk-proj-{s(AN, 12)}\n",
        f"TWILIO_API_KEY=SK{s(HEX, 16)}\n",
    ):
        assert reported(".env", text) == set(), text


def test_a_hand_made_password_with_a_word_like_prefix_is_still_reported() -> None:
    assert "secrets.generic-password" in reported(
        ".env", f"DB_PASSWORD=api-{s(AN, 10)}#{s(AN, 4)}\n"
    )


def test_new_findings_never_show_the_value() -> None:
    for path, text in NEW_BAD.values():
        value = text.split('"')[1] if '"' in text else text.split("=", 1)[1].strip()
        for h in engine.scan_bytes(path, text.encode(), engine.Options()):
            from launchgate.redact import mask

            shown = str(mask(h.value))
            assert value not in shown and h.value not in shown


def test_a_vendor_word_inside_another_word_is_not_its_context() -> None:
    # formbricks' i18n.lock: "add_api_key: <md5>" holds dd_api but names no Datadog key
    assert reported("apps/web/i18n.lock", f"    workspace/add_api_key: {s(HEX, 32)}\n") == set()
    assert "secrets.datadog-key" in reported(".env", f"NEXT_DD_API_KEY={s(HEX, 32)}\n")


def test_a_key_that_starts_with_a_dash_is_a_key_and_a_flag_is_not() -> None:
    key = "-" + s(URL, 49)
    assert "secrets.generic-password" in reported("app/settings.py", f'SECRET_KEY = "{key}"\n')
    assert reported("deploy.sh", "docker login --password=--password-stdin\n") == set()
