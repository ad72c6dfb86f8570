const STYLE =
  'body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f7f6fb;color:#1d1a2b}' +
  'main{max-width:32rem;padding:2rem}h1{font-size:1.5rem;margin:0 0 .5rem}a{color:#4b32b5}';

function page(status: number, title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title} · Soundlink</title><style>${STYLE}</style></head><body><main><p>Error ${status}</p><h1>${title}</h1>${body}<p><a href="/">What is Soundlink?</a></p></main></body></html>`;
}

export const LINK_PAGES = {
  unknown: {
    status: 404,
    html: page(
      404,
      'This link doesn’t lead anywhere',
      '<p>The link may be mistyped. Check where you found it, or ask whoever shared it.</p>',
    ),
  },
  disabled: {
    status: 404,
    html: page(
      404,
      'This link has been switched off',
      '<p>Whoever shared it has turned it off. The music is still on Spotify.</p>',
    ),
  },
  expired: {
    status: 410,
    html: page(
      410,
      'This link has expired',
      '<p>It was only meant to work for a while. The music is still on Spotify.</p>',
    ),
  },
  archived: {
    status: 410,
    html: page(
      410,
      'This campaign is over',
      '<p>The campaign behind this link has ended. The music is still on Spotify.</p>',
    ),
  },
} as const;
