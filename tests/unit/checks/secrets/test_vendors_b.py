"""Session 7 (vendors-b): messaging, payments, identity, AI and SaaS vendor formats, each from the
vendor's documentation. For every rule: a value of the documented shape is reported under that rule
at medium or above, and a look-alike of the same vendor (truncated, out of alphabet, a public id or
client key, a sandbox key) is not reported at medium or above by any rule. Values are generated here
at test time."""

from __future__ import annotations

import base64
import json
import string

import pytest

from launchgate.checks.secrets import engine, rules
from tests.unit.checks.secrets.tokens import AN, HEX, LO, UP, URL, Tokens, reported

_T = Tokens(7_2)
s, uuid = _T.s, _T.uuid
B64 = AN + "+/"
LOW = string.ascii_lowercase + string.digits
DIG = string.digits

def neptune_token() -> str:
    doc = {"api_address": "https://app.neptune.ai", "api_url": "https://app.neptune.ai",
           "api_key": uuid()}
    return base64.b64encode(json.dumps(doc).encode()).decode()


# rule slug -> (path, text holding a value of the documented format)
BAD: dict[str, tuple[str, str]] = {
    # AI
    "langfuse-key": ("src/c.ts", f'lf("sk-lf-{uuid()}")\n'),
    "deepseek-key": ("src/c.ts", f'ds("sk-{s(HEX, 32)}")\n'),
    "stability-key": ("src/c.ts", f'st("sk-{s(AN, 46)}a1")\n'),
    "together-key": ("src/c.ts", f'tg("tgp_v1_{s(URL, 43)}")\n'),
    "voyage-key": ("src/c.ts", f'vo("pa-{s(URL, 41)}a1")\n'),
    "cerebras-key": ("src/c.ts", f'cb("csk-{s(LO, 48)}")\n'),
    "nvidia-key": ("src/c.ts", f'nv("nvapi-{s(URL, 64)}")\n'),
    "firecrawl-key": ("src/c.ts", f'fc("fc-{s(HEX, 32)}")\n'),
    "jina-key": ("src/c.ts", f'jn("jina_{s(AN, 60)}")\n'),
    "modal-token": ("src/c.ts", f'md("as-{s(AN, 20)}a1")\n'),
    "e2b-key": ("src/c.ts", f'e2b("e2b_{s(HEX, 40)}")\n'),
    "browserbase-key": ("src/c.ts", f'bb("bb_live_{s(URL, 27)}")\n'),
    "llamacloud-key": ("src/c.ts", f'll("llx-{s(AN, 48)}")\n'),
    "wandb-key": (".env", f"WANDB_API_KEY={s(HEX, 40)}\n"),
    "serpapi-key": (".env", f"SERPAPI_API_KEY={s(HEX, 64)}\n"),
    "fal-key": (".env", f"FAL_KEY={uuid()}:{s(HEX, 32)}\n"),
    "exa-key": (".env", f"EXA_API_KEY={uuid()}\n"),
    # messaging
    "pubnub-secret-key": ("src/c.ts", f'pn("sec-c-{s(AN, 48)}")\n'),
    "mailersend-token": ("src/c.ts", f'ms("mlsn.{s(HEX, 64)}")\n'),
    "smtp2go-key": ("src/c.ts", f'sm("api-{s("0123456789ABCDEF", 32)}")\n'),
    "ntfy-token": ("src/c.ts", f'nt("tk_{s(LO, 29)}")\n'),
    "pushover-token": (".env", f"PUSHOVER_APP_TOKEN={s(AN, 30)}\n"),
    "agora-certificate": (".env", f"AGORA_APP_CERTIFICATE={s(HEX, 32)}\n"),
    "pusher-secret": (".env", f"PUSHER_APP_SECRET={s(HEX, 20)}\n"),
    "vonage-secret": (".env", f"VONAGE_API_SECRET={s(AN, 16)}\n"),
    "mailjet-key": (".env", f"MJ_APIKEY_PRIVATE={s(HEX, 32)}\n"),
    "plivo-token": (".env", f"PLIVO_AUTH_TOKEN={s(AN, 40)}\n"),
    "livekit-secret": (".env", f"LIVEKIT_API_SECRET={s(AN, 43)}\n"),
    "stream-secret": (".env", f"STREAM_API_SECRET={s(LOW, 64)}\n"),
    "sendbird-token": (".env", f"SENDBIRD_API_TOKEN={s(HEX, 40)}\n"),
    "mailtrap-token": (".env", f"MAILTRAP_API_TOKEN={s(HEX, 32)}\n"),
    "discord-client-secret": (".env", f"DISCORD_CLIENT_SECRET={s(URL, 32)}\n"),
    "ably-key": (".env", f"ABLY_API_KEY={s(URL, 6)}.{s(URL, 6)}:{s(URL, 43)}\n"),
    "slack-signing-secret": (".env", f"SLACK_SIGNING_SECRET={s(HEX, 32)}\n"),
    "messagebird-key": (".env", f"MESSAGEBIRD_ACCESS_KEY={s(AN, 25)}\n"),
    "line-channel-secret": (".env", f"LINE_CHANNEL_SECRET={s(HEX, 32)}\n"),
    "google-chat-webhook": ("src/c.py", 'URL = "https://chat.googleapis.com/v1/spaces/AAAA'
                            f'{s(URL, 7)}/messages?key=AIza{s(URL, 35)}&token={s(URL, 43)}"\n'),
    "lark-webhook": ("src/c.py", 'URL = "https://open.feishu.cn/open-apis/bot/v2/hook/'
                     f'{uuid()}"\n'),
    "dingtalk-webhook": ("src/c.py", 'URL = "https://oapi.dingtalk.com/robot/send?access_token='
                         f'{s(HEX, 64)}"\n'),
    "wecom-webhook": ("src/c.py", 'URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key='
                      f'{uuid()}"\n'),
    "zapier-webhook": ("src/c.py", 'URL = "https://hooks.zapier.com/hooks/catch/'
                       f'{s(DIG, 8)}/{s(LO, 7)}/"\n'),
    # payments
    "xendit-key": ("src/c.ts", f'xn("xnd_production_{s(B64, 64)}==")\n'),
    "midtrans-server-key": ("src/c.ts", f'mt("Mid-server-{s(URL, 24)}")\n'),
    "paypal-token": ("src/c.ts", f'pp("A21AA{s(URL, 95)}")\n'),
    "paypal-client-secret": (".env", f"PAYPAL_CLIENT_SECRET=E{s(URL, 79)}\n"),
    "klaviyo-key": ("src/c.ts", f'kl("pk_{s(HEX, 34)}")\n'),
    "woocommerce-key": ("src/c.ts", f'wc("cs_{s(HEX, 40)}")\n'),
    "checkout-secret-key": ("src/c.ts", f'cko("sk_{s(LOW, 26)}")\n'),
    "razorpay-secret": (".env", f"RAZORPAY_KEY_SECRET={s(AN, 24)}\n"),
    "gocardless-token": ("src/c.ts", f'gc("live_{s(URL, 40)}")\n'),
    "recurly-key": (".env", f"RECURLY_API_KEY={s(HEX, 32)}\n"),
    "authorizenet-key": (".env", f"AUTHORIZENET_TRANSACTION_KEY={s(AN, 16)}\n"),
    "braintree-private-key": (".env", f"BRAINTREE_PRIVATE_KEY={s(HEX, 32)}\n"),
    "taxjar-token": (".env", f"TAXJAR_API_TOKEN={s(HEX, 32)}\n"),
    "amazon-mws-token": ("src/c.ts", f'mws("amzn.mws.{uuid()}")\n'),
    # identity
    "auth0-client-secret": (".env", f"AUTH0_CLIENT_SECRET={s(URL, 64)}\n"),
    "duo-secret-key": (".env", f"DUO_SECRET_KEY={s(AN, 40)}\n"),
    "keycloak-client-secret": (".env", f"KEYCLOAK_CLIENT_SECRET={s(AN, 32)}\n"),
    "onelogin-secret": (".env", f"ONELOGIN_CLIENT_SECRET={s(HEX, 64)}\n"),
    "jumpcloud-key": (".env", f"JUMPCLOUD_API_KEY={s(HEX, 40)}\n"),
    "spotify-client-secret": (".env", f"SPOTIFY_CLIENT_SECRET={s(HEX, 32)}\n"),
    "vapid-private-key": (".env", f"VAPID_PRIVATE_KEY={s(URL, 43)}\n"),
    "facebook-app-secret": (".env", f"FACEBOOK_APP_SECRET={s(HEX, 32)}\n"),
    "twitter-api-secret": (".env", f"TWITTER_API_SECRET={s(AN, 50)}\n"),
    # SaaS
    "trello-token": ("src/c.ts", f'tr("ATTA{s(HEX, 64)}{s("0123456789ABCDEF", 8)}")\n'),
    "salesforce-token": ("src/c.ts", f'sf("00D{s(AN, 12)}!AQ{s(AN, 96)}")\n'),
    "zoho-token": ("src/c.ts", f'zo("1000.{s(HEX, 32)}.{s(HEX, 32)}")\n'),
    "riot-key": ("src/c.ts", f'rg("RGAPI-{uuid()}")\n'),
    "calcom-key": ("src/c.ts", f'cal("cal_live_{s(HEX, 32)}")\n'),
    "adobe-client-secret": ("src/c.ts", f'ad("p8e-{s(URL, 32)}")\n'),
    "sanity-token": (".env", f"SANITY_API_TOKEN=sk{s(AN, 170)}\n"),
    "steam-key": (".env", f"STEAM_API_KEY={s('0123456789ABCDEF', 32)}\n"),
    "webflow-token": (".env", f"WEBFLOW_API_TOKEN={s(HEX, 64)}\n"),
    "todoist-token": (".env", f"TODOIST_API_TOKEN={s(HEX, 40)}\n"),
    "box-token": (".env", f"BOX_DEVELOPER_TOKEN={s(AN, 32)}\n"),
    "freshdesk-key": (".env", f"FRESHDESK_API_KEY={s(AN, 20)}\n"),
    "shodan-key": (".env", f"SHODAN_API_KEY={s(AN, 32)}\n"),
    "virustotal-key": (".env", f"VT_API_KEY={s(HEX, 64)}\n"),
    "uploadcare-secret": (".env", f"UPLOADCARE_SECRET_KEY={s(HEX, 20)}\n"),
    "pipedrive-token": (".env", f"PIPEDRIVE_API_TOKEN={s(HEX, 40)}\n"),
    "coda-token": (".env", f"CODA_API_TOKEN={uuid()}\n"),
    "jotform-key": (".env", f"JOTFORM_API_KEY={s(HEX, 32)}\n"),
    "tomtom-key": (".env", f"TOMTOM_API_KEY={s(AN, 32)}\n"),
    "opencage-key": (".env", f"OPENCAGE_API_KEY={s(HEX, 32)}\n"),
    "ipinfo-token": (".env", f"IPINFO_TOKEN={s(HEX, 14)}\n"),
    # batch 2
    "recaptcha-secret-key": (".env", f"RECAPTCHA_SECRET_KEY=6L{s(URL, 36)}a1\n"),
    "turnstile-secret-key": (".env", f"TURNSTILE_SECRET_KEY=0x4{s(URL, 30)}a1\n"),
    "hcaptcha-secret": (".env", f"HCAPTCHA_SECRET=0x{s(HEX, 40)}\n"),
    "revenuecat-key": (".env", f"REVENUECAT_SECRET_KEY=sk_{s(AN, 30)}a1\n"),
    "helicone-key": ("src/c.ts", f'hl("sk-helicone-{s(LOW, 7)}-{s(LOW, 7)}-{s(LOW, 7)}-'
                                 f'{s(LOW, 7)}")\n'),
    "runpod-key": ("src/c.ts", f'rp("rpa_{s(UP, 40)}")\n'),
    "cartesia-key": ("src/c.ts", f'ct("sk_car_{s(AN, 32)}")\n'),
    "apify-token": ("src/c.ts", f'ap("apify_api_{s(AN, 36)}")\n'),
    "mem0-key": ("src/c.ts", f'm0("m0-{s(AN, 38)}a1")\n'),
    "deepl-key": ("src/c.ts", f'dl("{uuid()}:fx")\n'),
    "neptune-token": ("src/c.ts", f'np("{neptune_token()}")\n'),
    "kaggle-key": (".env", f"KAGGLE_KEY={s(HEX, 32)}\n"),
    "novu-key": (".env", f"NOVU_API_KEY={s(HEX, 32)}\n"),
    "onesignal-key": (".env", f"ONESIGNAL_REST_API_KEY=os_v2_app_{s(LOW, 100)}\n"),
    "mattermost-token": (".env", f"MATTERMOST_TOKEN={s(LOW, 26)}\n"),
    "zulip-key": (".env", f"ZULIP_API_KEY={s(AN, 32)}\n"),
    "pushbullet-token": (".env", f"PUSHBULLET_ACCESS_TOKEN=o.{s(AN, 32)}\n"),
    "daily-key": (".env", f"DAILY_API_KEY={s(HEX, 64)}\n"),
    "zoom-client-secret": (".env", f"ZOOM_CLIENT_SECRET={s(AN, 32)}\n"),
    "make-webhook": ("src/c.py", f'URL = "https://hook.eu1.make.com/{s(LOW, 32)}"\n'),
    "ifttt-webhook": ("src/c.py", 'URL = "https://maker.ifttt.com/trigger/door_open/with/key/'
                      f'{s(URL, 22)}"\n'),
    "wise-token": (".env", f"WISE_API_TOKEN={uuid()}\n"),
    "imagekit-private-key": ("src/c.ts", f'ik("private_{s(AN, 26)}a1B=")\n'),
    "mux-secret": (".env", f"MUX_TOKEN_SECRET={s(B64, 75)}\n"),
    "vimeo-token": (".env", f"VIMEO_ACCESS_TOKEN={s(HEX, 32)}\n"),
    "unsplash-secret": (".env", f"UNSPLASH_SECRET_KEY={s(URL, 43)}\n"),
    "newsapi-key": (".env", f"NEWSAPI_KEY={s(HEX, 32)}\n"),
    "openweather-key": (".env", f"OPENWEATHER_API_KEY={s(HEX, 32)}\n"),
    "hibp-key": (".env", f"HIBP_API_KEY={s(HEX, 32)}\n"),
    "rapidapi-key": (".env", f"RAPIDAPI_KEY={s(AN, 50)}\n"),
    "lokalise-token": (".env", f"LOKALISE_API_TOKEN={s(HEX, 40)}\n"),
    "crowdin-token": (".env", f"CROWDIN_PERSONAL_TOKEN={s(HEX, 80)}\n"),
    "transifex-token": (".env", f"TRANSIFEX_TOKEN=1/{s(HEX, 40)}\n"),
    "here-key": (".env", f"HERE_API_KEY={s(URL, 43)}\n"),
    "geoapify-key": (".env", f"GEOAPIFY_API_KEY={s(HEX, 32)}\n"),
    "ipgeolocation-key": (".env", f"IPGEOLOCATION_API_KEY={s(HEX, 32)}\n"),
    "maxmind-license-key": (".env", f"GEOIPUPDATE_LICENSE_KEY={s(AN, 6)}_{s(AN, 29)}_mmk\n"),
}

# rule slug -> (path, a look-alike next to the vendor's own name: truncated, out of alphabet, a
# documented public id or client key, a sandbox key, or the vendor's name on a non-secret setting)
GOOD: dict[str, tuple[str, str]] = {
    "langfuse-key": (".env", f"LANGFUSE_SECRET_KEY=pk-lf-{uuid()}\n"),  # the public key
    "deepseek-key": (".env", f"DEEPSEEK_API_KEY=sk-{s(HEX, 21)}\n"),
    "stability-key": (".env", f"STABILITY_API_KEY=sk-{s(AN, 32)}\n"),
    "together-key": (".env", f"TOGETHER_API_KEY=tgp_v1_{s(URL, 28)}\n"),
    "voyage-key": ("src/app.css", ".pa-content-wrapper-inner-container-with-extra-padding {}\n"),
    "cerebras-key": (".env", f"CEREBRAS_API_KEY=csk-{s(LO, 20)}Q{s(LO, 27)}\n"),
    "nvidia-key": (".env", f"NVIDIA_API_KEY=nvapi-{s(URL, 42)}\n"),
    "firecrawl-key": (".env", f"FIRECRAWL_API_KEY=fc-{s(HEX, 16)}g{s(HEX, 15)}\n"),
    "jina-key": (".env", f"JINA_API_KEY=jina_{s(AN, 20)}\n"),
    "modal-token": (".env", f"MODAL_TOKEN_ID=ak-{s(AN, 22)}\n"),  # an id
    "e2b-key": (".env", f"E2B_API_KEY=e2b_{s(HEX, 26)}\n"),
    "browserbase-key": (".env", f"BROWSERBASE_API_KEY=bb_live_{s(URL, 18)}\n"),
    "llamacloud-key": (".env", f"LLAMA_CLOUD_API_KEY=llx-{s(AN, 20)}\n"),
    "wandb-key": (".env", f"WANDB_API_KEY={s(HEX, 27)}\n"),
    "serpapi-key": (".env", f"SERPAPI_API_KEY={s(HEX, 42)}\n"),
    "fal-key": (".env", "FAL_KEY_ID=the-key-id-goes-here\n"),
    "exa-key": (".env", "EXA_API_URL=https://api.exa.ai\n"),
    "pubnub-secret-key": (".env", f"PUBNUB_SECRET_KEY=pub-c-{uuid()}\n"),  # publish key: public
    "mailersend-token": (".env", f"MAILERSEND_API_TOKEN=mlsn.{s(HEX, 42)}\n"),
    "smtp2go-key": (".env", f"SMTP2GO_API_KEY=api-{s('0123456789ABCDEF', 21)}\n"),
    "ntfy-token": (".env", f"NTFY_TOKEN=tk_{s(LO, 19)}\n"),
    "pushover-token": (".env", "PUSHOVER_SOUND=pushover\n"),
    "agora-certificate": (".env", f"AGORA_APP_ID={s(HEX, 32)}\n"),  # the app id is public
    "pusher-secret": (".env", f"PUSHER_APP_ID={s(DIG, 7)}\n"),
    "vonage-secret": (".env", f"VONAGE_API_KEY={s(HEX, 8)}\n"),
    "mailjet-key": (".env", f"MJ_APIKEY_PRIVATE={s(HEX, 21)}\n"),
    "plivo-token": (".env", f"PLIVO_AUTH_ID=MA{s(UP, 18)}\n"),
    "livekit-secret": (".env", f"LIVEKIT_API_KEY=API{s(AN, 12)}\n"),
    "stream-secret": (".env", f"STREAM_API_KEY={s(LOW, 12)}\n"),
    "sendbird-token": (".env", f"SENDBIRD_APP_ID={uuid()}\n"),
    "mailtrap-token": (".env", f"MAILTRAP_API_TOKEN={s(HEX, 21)}\n"),
    "discord-client-secret": (".env", f"DISCORD_PUBLIC_KEY={s(HEX, 64)}\n"),
    "ably-key": (".env", f"ABLY_KEY_NAME={s(URL, 6)}.{s(URL, 6)}\n"),
    "slack-signing-secret": (".env", f"SLACK_SIGNING_SECRET={s(HEX, 21)}\n"),
    "messagebird-key": (".env", "MESSAGEBIRD_ORIGINATOR=AcmeShop\n"),
    "line-channel-secret": (".env", f"LINE_CHANNEL_ID={s(DIG, 10)}\n"),
    "google-chat-webhook": ("docs.md", "https://chat.googleapis.com/v1/spaces/SPACE_ID/messages"
                            "?key=KEY&token=TOKEN\n"),
    "lark-webhook": ("docs.md", "https://open.feishu.cn/open-apis/bot/v2/hook/<hook-id>\n"),
    "dingtalk-webhook": ("src/c.py", 'URL = "https://oapi.dingtalk.com/robot/send?access_token="'
                         " + token\n"),
    "wecom-webhook": ("src/c.py", 'URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key='
                      '" + key\n'),
    "zapier-webhook": ("docs.md", "Paste your https://hooks.zapier.com/hooks/catch/ URL here\n"),
    "xendit-key": (".env", f"XENDIT_SECRET_KEY=xnd_public_production_{s(B64, 64)}==\n"),
    "midtrans-server-key": (".env", f"MIDTRANS_SERVER_KEY=Mid-client-{s(URL, 16)}\n"),
    "paypal-token": (".env", f"PAYPAL_ACCESS_TOKEN=A21AA{s(URL, 20)}\n"),
    "paypal-client-secret": (".env", f"PAYPAL_CLIENT_ID=A{s(URL, 79)}\n"),  # public
    "klaviyo-key": (".env", f"KLAVIYO_PRIVATE_API_KEY=pk_{s(HEX, 22)}\n"),
    "woocommerce-key": (".env", f"WOOCOMMERCE_CONSUMER_SECRET=cs_{s(HEX, 26)}\n"),
    "checkout-secret-key": (".env", f"CKO_SECRET_KEY=pk_sbox_{s(LOW, 26)}\n"),  # public
    "razorpay-secret": (".env", f"RAZORPAY_KEY_ID=rzp_live_{s(AN, 14)}\n"),  # key id: public
    "gocardless-token": (".env", f"GOCARDLESS_ACCESS_TOKEN=sandbox_{s(URL, 40)}\n"),  # low
    "recurly-key": (".env", "RECURLY_SUBDOMAIN=acme\n"),
    "authorizenet-key": (".env", f"AUTHORIZENET_API_LOGIN_ID={s(AN, 9)}\n"),
    "braintree-private-key": (".env", f"BRAINTREE_PUBLIC_KEY={s(LOW, 16)}\n"),
    "taxjar-token": (".env", "TAXJAR_API_URL=https://api.taxjar.com\n"),
    "amazon-mws-token": (".env", f"MWS_AUTH_TOKEN=amzn.mws.{s(HEX, 8)}\n"),
    "auth0-client-secret": (".env", f"AUTH0_CLIENT_ID={s(AN, 32)}\n"),
    "duo-secret-key": (".env", f"DUO_INTEGRATION_KEY=DI{s(UP, 18)}\n"),
    "keycloak-client-secret": (".env", "KEYCLOAK_CLIENT_ID=web-frontend\n"),
    "onelogin-secret": (".env", f"ONELOGIN_CLIENT_ID={s(HEX, 64)}\n"),
    "jumpcloud-key": (".env", f"JUMPCLOUD_ORG_ID={s(HEX, 24)}\n"),
    "spotify-client-secret": (".env", f"SPOTIFY_CLIENT_ID={s(HEX, 32)}\n"),  # public
    "vapid-private-key": (".env", f"VAPID_PUBLIC_KEY=B{s(URL, 86)}\n"),  # public
    "facebook-app-secret": (".env", f"FACEBOOK_APP_ID={s(DIG, 15)}\n"),
    "twitter-api-secret": (".env", f"TWITTER_API_KEY_ID={s(DIG, 10)}\n"),
    "trello-token": (".env", f"TRELLO_TOKEN=ATTA{s(HEX, 40)}\n"),
    "salesforce-token": (".env", f"SALESFORCE_ACCESS_TOKEN=00D{s(AN, 8)}!AQ{s(AN, 96)}\n"),
    "zoho-token": (".env", f"ZOHO_REFRESH_TOKEN=1000.{s(HEX, 21)}.{s(HEX, 32)}\n"),
    "riot-key": (".env", f"RIOT_API_KEY=RGAPI-{s(HEX, 8)}\n"),
    "calcom-key": (".env", f"CAL_API_KEY=cal_live_{s(HEX, 12)}\n"),
    "adobe-client-secret": (".env", f"ADOBE_CLIENT_SECRET=p8e-{s(URL, 12)}\n"),
    "sanity-token": (".env", f"SANITY_PROJECT_ID={s(LOW, 8)}\n"),
    "steam-key": (".env", f"STEAM_APP_ID={s(DIG, 6)}\n"),
    "webflow-token": (".env", f"WEBFLOW_SITE_ID={s(HEX, 24)}\n"),
    "todoist-token": (".env", f"TODOIST_API_TOKEN={s(HEX, 27)}\n"),
    "box-token": ("src/app.css", f".box-shadow-token {{ color: #{s(HEX, 6)} }}\n"),
    "freshdesk-key": (".env", "FRESHDESK_DOMAIN=acme.freshdesk.com\n"),
    "shodan-key": ("src/c.py", 'SHODAN_URL = "https://api.shodan.io"\n'),
    "virustotal-key": (".env", f"VT_API_KEY={s(HEX, 42)}\n"),
    "uploadcare-secret": (".env", f"UPLOADCARE_PUBLIC_KEY={s(HEX, 20)}\n"),  # public
    "pipedrive-token": (".env", f"PIPEDRIVE_API_TOKEN={s(HEX, 27)}\n"),
    "coda-token": (".env", f"CODA_DOC_ID={s(URL, 10)}\n"),
    "jotform-key": (".env", f"JOTFORM_FORM_ID={s(DIG, 15)}\n"),
    "tomtom-key": (".env", "TOMTOM_MAP_STYLE=basic_main\n"),
    "opencage-key": (".env", f"OPENCAGE_API_KEY={s(HEX, 21)}\n"),
    "ipinfo-token": (".env", "IPINFO_URL=https://ipinfo.io\n"),
    # batch 2
    "recaptcha-secret-key": (".env", f"RECAPTCHA_SITE_KEY=6L{s(URL, 36)}a1\n"),  # public
    "turnstile-secret-key": (".env", f"TURNSTILE_SITE_KEY=0x4{s(URL, 20)}\n"),  # public
    "hcaptcha-secret": (".env", f"HCAPTCHA_SITE_KEY={uuid()}\n"),  # public
    "revenuecat-key": (".env", f"REVENUECAT_API_KEY=appl_{s(AN, 27)}\n"),  # app key: public
    "helicone-key": (".env", f"HELICONE_API_KEY=sk-helicone-{s(LOW, 7)}\n"),
    "runpod-key": (".env", f"RUNPOD_API_KEY=rpa_{s(UP, 12)}\n"),
    "cartesia-key": (".env", f"CARTESIA_API_KEY=sk_car_{s(AN, 8)}\n"),
    "apify-token": (".env", f"APIFY_TOKEN=apify_api_{s(AN, 20)}\n"),
    "mem0-key": ("src/app.css", ".m0-auto-margin-container-for-the-main-layout-grid {}\n"),
    "deepl-key": (".env", "DEEPL_API_URL=https://api-free.deepl.com\n"),
    "neptune-token": (".env", "NEPTUNE_PROJECT=acme/recommender\n"),
    "kaggle-key": (".env", "KAGGLE_USERNAME=acme-data\n"),
    "novu-key": (".env", f"NOVU_APP_ID={s(AN, 12)}\n"),
    "onesignal-key": (".env", f"ONESIGNAL_APP_ID={uuid()}\n"),  # public
    "mattermost-token": (".env", "MATTERMOST_URL=https://chat.acme-corp.com\n"),
    "zulip-key": (".env", "ZULIP_EMAIL=bot@acme.zulipchat.com\n"),
    "pushbullet-token": (".env", "PUSHBULLET_DEVICE=phone\n"),
    "daily-key": (".env", "DAILY_DIGEST_HOUR=7\n"),
    "zoom-client-secret": (".env", f"ZOOM_CLIENT_ID={s(AN, 22)}\n"),
    "make-webhook": ("docs.md", "Paste the https://hook.eu1.make.com/... URL of your scenario\n"),
    "ifttt-webhook": ("docs.md", "https://maker.ifttt.com/trigger/{event}/with/key/{key}\n"),
    "wise-token": (".env", f"WISE_PROFILE_ID={s(DIG, 8)}\n"),
    "imagekit-private-key": ("src/c.ts", 'const k = "private_network_configuration_for_vpc";\n'),
    "mux-secret": (".env", f"MUX_TOKEN_ID={uuid()}\n"),
    "vimeo-token": (".env", f"VIMEO_CLIENT_ID={s(HEX, 40)}\n"),
    "unsplash-secret": (".env", f"UNSPLASH_ACCESS_KEY={s(URL, 43)}\n"),  # public
    "newsapi-key": (".env", f"NEWSAPI_KEY={s(HEX, 21)}\n"),
    "openweather-key": (".env", f"OPENWEATHER_API_KEY={s(HEX, 21)}\n"),
    "hibp-key": (".env", "HIBP_USER_AGENT=acme-breach-check\n"),
    "rapidapi-key": (".env", "RAPIDAPI_HOST=weatherapi-com.p.rapidapi.com\n"),
    "lokalise-token": (".env", f"LOKALISE_PROJECT_ID={s(DIG, 9)}.{s(AN, 8)}\n"),
    "crowdin-token": (".env", f"CROWDIN_PROJECT_ID={s(DIG, 6)}\n"),
    "transifex-token": (".env", "TRANSIFEX_ORGANIZATION=acme\n"),
    "here-key": ("src/c.py", '# click here: the api key is in the vault\n'),
    "geoapify-key": (".env", f"GEOAPIFY_API_KEY={s(HEX, 21)}\n"),
    "ipgeolocation-key": (".env", f"IPGEOLOCATION_API_KEY={s(HEX, 21)}\n"),
    "maxmind-license-key": (".env", f"GEOIPUPDATE_ACCOUNT_ID={s(DIG, 6)}\n"),
}
# sandbox and test-mode keys: found, but reported low
TEST_MODE: dict[str, tuple[str, str]] = {
    "xendit-key": ("src/c.ts", f'xn("xnd_development_{s(B64, 64)}==")\n'),
    "midtrans-server-key": ("src/c.ts", f'mt("SB-Mid-server-{s(URL, 24)}")\n'),
    "checkout-secret-key": ("src/c.ts", f'cko("sk_sbox_{s(LOW, 26)}")\n'),
    "gocardless-token": ("src/c.ts", f'gc("sandbox_{s(URL, 40)}")\n'),
}


def test_every_rule_of_this_block_has_both_cases_and_is_declared() -> None:
    assert set(BAD) == set(GOOD)
    assert {f"secrets.{slug}" for slug in BAD} <= set(rules.BY_ID)


@pytest.mark.parametrize("slug", sorted(BAD))
def test_documented_format_is_reported_under_its_rule(slug: str) -> None:
    path, text = BAD[slug]
    assert f"secrets.{slug}" in reported(path, text)


@pytest.mark.parametrize("slug", sorted(GOOD))
def test_look_alike_of_the_same_vendor_is_not_reported(slug: str) -> None:
    path, text = GOOD[slug]
    assert reported(path, text) == set()


@pytest.mark.parametrize("slug", sorted(TEST_MODE))
def test_sandbox_key_is_found_but_low(slug: str) -> None:
    path, text = TEST_MODE[slug]
    hits = engine.scan_bytes(path, text.encode(), engine.Options())
    assert [h.severity for h in hits if h.rule == f"secrets.{slug}"] == ["low"]
    assert reported(path, text) == set()


def test_findings_of_the_new_rules_never_show_the_value() -> None:
    from launchgate.redact import mask

    for slug, (path, text) in BAD.items():
        hits = [h for h in engine.scan_bytes(path, text.encode(), engine.Options())
                if h.rule == f"secrets.{slug}"]
        assert hits, slug
        for h in hits:
            shown = str(mask(h.value))
            assert h.value not in shown, slug


# -- generic-assignment triage (session 7): syntaxes, public names, near-misses ---------------------
_R = s(AN, 28) + "a1B"  # a generated value
# name -> (path, a hard-coded secret the generic rule must report, its benign twin)
GENERIC: dict[str, tuple[str, str, str]] = {
    "letters only, in a JDBC query": (
        "src/main/resources/application.properties",
        "spring.datasource.url=jdbc:postgresql://db.acme-corp.net/app?user=app&password="
        f"{s(string.ascii_letters, 24)}Qz\n",
        "spring.datasource.password=getPasswordFromVault\n"),
    "netrc, one line": (".netrc", f"machine api.acme-corp.com login deploy password {_R}\n",
                        "machine api.acme-corp.com login deploy password $NETRC_PASSWORD\n"),
    "netrc, one token a line": ("ci/_netrc", f"machine git.acme-corp.com\nlogin ci\npassword {_R}\n",
                                "machine git.acme-corp.com\nlogin ci\npassword changeme\n"),
    "pgpass": (".pgpass", f"db.prod.acme-corp.net:5432:app:app:{_R}\n",
               f"localhost:5432:app:app:{_R}\n"),
    "name/value pair as flow YAML": (
        "deploy/app.yaml", f"  - {{name: API_TOKEN, value: {_R}}}\n",
        "  - {name: API_TOKEN, value: ${{ secrets.API_TOKEN }}}\n"),
    "name/value pair in Terraform": (
        "infra/ecs.tf", f'  {{ name = "SIGNING_SECRET", value = "{_R}" }},\n',
        '  { name = "SIGNING_SECRET", value = var.signing_secret },\n'),
    "a vendor's public key name": (
        ".env", f"PUSHER_APP_SECRET={s(HEX, 20)}\n", f"PUSHER_APP_KEY={s(HEX, 20)}\n"),
    "Trello's public API key": (
        ".env", f"TRELLO_TOKEN=ATTA{s(HEX, 64)}{s('0123456789ABCDEF', 8)}\n",
        f"TRELLO_API_KEY={s(HEX, 32)}\n"),
    "a captcha site key": (
        ".env", f"RECAPTCHA_SECRET_KEY=6L{s(URL, 36)}a1\n", f"RECAPTCHA_SITE_KEY=6L{s(URL, 36)}a1\n"),
    "a Storefront token (public) or a private one": (
        ".env", f"SHOPIFY_PRIVATE_STOREFRONT_TOKEN={s(HEX, 32)}\n",
        f"SHOPIFY_STOREFRONT_ACCESS_TOKEN={s(HEX, 32)}\n"),
    "Paddle's client-side token": (
        ".env", f"PADDLE_API_KEY=pdl_live_apikey_{s(LOW, 26)}_{s(AN, 22)}_{s(AN, 3)}\n",
        f"PADDLE_CLIENT_TOKEN=live_{s(HEX, 27)}\n"),
    "Braintree's tokenization key": (
        ".env", f"BRAINTREE_PRIVATE_KEY={s(HEX, 32)}\n",
        f"BRAINTREE_TOKENIZATION_KEY=production_{s(LOW, 8)}_{s(LOW, 16)}\n"),
    "Go typed declaration": ("cmd/main.go", f'var apiSecret string = "{_R}"\n',
                             'var apiSecret string = os.Getenv("API_SECRET")\n'),
    "C define": ("src/config.h", f'#define API_TOKEN "{_R}"\n', '#define API_TOKEN_LEN 32\n'),
    "Rust &str constant": ("src/main.rs", f'const API_KEY: &str = "{_R}";\n',
                           'const API_KEY: &str = env!("API_KEY");\n'),
    ".NET appSettings pair": ("Web.config", f'<add key="ApiToken" value="{_R}" />\n',
                              '<add key="ApiToken" value="#{ApiToken}#" />\n'),
    "nginx header": ("deploy/nginx.conf", f'proxy_set_header X-Api-Key "{_R}";\n',
                     "proxy_set_header X-Api-Key $http_x_api_key;\n"),
    "Mollie near-miss": (".env", f"MOLLIE_API_KEY=live_{s(AN, 30)}\n",
                         f"MOLLIE_API_KEY=live_{s(AN, 20)}\n"),
    "Clerk near-miss": (".env", "CLERK_SECRET_KEY=sk_" + f"live_{s(AN, 42)}\n",
                        "CLERK_SECRET_KEY=sk_" + f"live_{s(AN, 28)}\n"),
}


@pytest.mark.parametrize("name", sorted(GENERIC))
def test_hard_coded_value_is_reported(name: str) -> None:
    path, bad, _ = GENERIC[name]
    assert reported(path, bad), name


@pytest.mark.parametrize("name", sorted(GENERIC))
def test_its_benign_twin_is_not(name: str) -> None:
    path, _, good = GENERIC[name]
    assert reported(path, good) == set(), name


# -- two-line values (session 7) ---------------------------------------------------------------------
# name -> (path, text with the secret on the line after its name, the line it is on, benign twin)
TWO_LINE: dict[str, tuple[str, str, int, str]] = {
    "kubernetes env list": (
        "deploy/k8s/app.yaml",
        f"      env:\n        - name: API_TOKEN\n          value: \"{_R}\"\n", 3,
        "      env:\n        - name: API_TOKEN\n          valueFrom:\n"
        "            secretKeyRef: {name: app, key: token}\n"),
    "compose env list": (
        "docker-compose.prod.yml",
        f"    environment:\n      - name: SIGNING_SECRET\n        value: {_R}\n", 3,
        "    environment:\n      - name: SIGNING_SECRET\n        value: ${SIGNING_SECRET}\n"),
    "ECS task definition JSON": (
        "infra/task-definition.json",
        f'  {{\n    "name": "STRIPE_WEBHOOK_TOKEN",\n    "value": "{_R}"\n  }}\n', 3,
        '  {\n    "name": "STRIPE_WEBHOOK_TOKEN",\n    "value": "{{ resolve:ssm:/app/token }}"\n'
        "  }\n"),
    "YAML folded block scalar": (
        "config/app.yaml", f"auth:\n  api_token: >-\n    {_R}\n", 3,
        f"auth:\n  api_token: >-\n  {_R}\n"),  # not indented under its key: another key's text
    "YAML literal block scalar (Helm values)": (
        "charts/app/values.yaml", f"secrets:\n  - password: |\n      {_R}\n", 3,
        "secrets:\n  - password: |\n      {{ .Values.global.password }}\n"),
}


@pytest.mark.parametrize("name", sorted(TWO_LINE))
def test_a_value_on_the_line_after_its_name_is_reported_on_its_own_line(name: str) -> None:
    path, text, line, _ = TWO_LINE[name]
    hits = [h for h in engine.scan_bytes(path, text.encode(), engine.Options())
            if h.rule == "secrets.generic-password"]
    assert [(h.line, h.value) for h in hits] == [(line, _R)]
    assert hits[0].severity is None


@pytest.mark.parametrize("name", sorted(TWO_LINE))
def test_a_reference_or_another_keys_text_on_the_next_line_is_not(name: str) -> None:
    path, _, _, good = TWO_LINE[name]
    assert reported(path, good) == set()


def test_the_next_line_pragma_still_suppresses_a_two_line_value() -> None:
    text = (f"        - name: API_TOKEN  # pragma: allowlist nextline secret\n"
            f"          value: \"{_R}\"\n")
    assert reported("deploy/k8s/app.yaml", text) == set()


def test_the_native_gate_changes_nothing_on_these_cases() -> None:
    """prefilter on and off give the same findings on every case of this module (the gate is built
    for the comparison, as the slow identity test does)."""
    from launchgate.checks.secrets import prefilter
    from launchgate.checks.secrets.dsbridge import ds_plugins

    pytest.importorskip("hyperscan")
    assert prefilter.gate(True, ds_plugins) is not None
    texts = [*BAD.values(), *GOOD.values(), *TEST_MODE.values()]
    texts += [(p, t) for p, bad, good in GENERIC.values() for t in (bad, good)]
    texts += [(p, t) for p, bad, _, good in TWO_LINE.values() for t in (bad, good)]
    on, off = engine.Options(), engine.Options(native_gate=False)

    def found(path: str, text: str, opts: engine.Options) -> list[tuple[object, ...]]:
        return sorted((h.rule, h.line, h.value, h.severity or "")
                      for h in engine.scan_bytes(path, text.encode(), opts))

    assert [p for p, t in texts if found(p, t, on) != found(p, t, off)] == []
    assert sum(bool(found(p, t, on)) for p, t in texts) > 100
