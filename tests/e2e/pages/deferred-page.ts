/**
 * The no-request test's article (tests/e2e/no-request.test.ts, and its Firefox twin): every way
 * to hide or defer a part of a page (tests/fixtures/hostile-vectors/render-deferred.ts), each
 * pointing once at the page's own server and once at another origin, at
 * `/beacon/<variant>/<class>`.
 */
import { RENDER_DEFERRED } from '../../fixtures/hostile-vectors/render-deferred';

export const PARAGRAPHS = [
  '雲は、空気中の水蒸気が冷えて小さな水のつぶや氷のつぶになり、それがたくさん集まって見えるものです。',
  '暖かい空気が上にのぼると、まわりの気圧が低くなるので空気はふくらみ、そのぶん温度が下がります。',
  '温度が下がると、空気がふくめる水蒸気の量が少なくなり、あふれた水蒸気がちりを芯にして水のつぶになります。',
  'Clouds form when rising air cools until the water vapour it carries condenses on tiny particles of dust and salt.',
  'The shape of a cloud tells how the air moves: flat layers mean calm air, tall towers mean strong updrafts.',
  '積乱雲は強い上昇気流のなかで高く成長し、雷や強い雨、ときにはひょうを降らせることもあります。',
  '雲の高さや形を毎日観察して記録すると、天気の変化を自分で予想できるようになっていきます。',
  'Watching the sky every day, and writing down what you see, is still the best way to learn the weather.',
];
/** A sentence of the closed <details> (and of the other folded parts): kept in the clip. */
export const FOLDED_TEXT = 'この段落は畳まれた部分の本文です';

export type Variant = 'rules' | 'walk';
export interface Origins {
  self: string;
  other: string;
}

const beacon = (origin: string, variant: Variant, id: string) => `${origin}/beacon/${variant}/${id}`;

/** A class instantiated twice: its URLs on the page's own origin, then on the other one. */
function instances(id: string, variant: Variant, origins: Origins): string {
  const cls = RENDER_DEFERRED.find((c) => c.id === id)!;
  return [
    cls.html(beacon(origins.self, variant, id), `${id}-self`),
    cls.html(beacon(origins.other, variant, id), `${id}-other`),
  ].join('\n');
}

export function deferredPage(variant: Variant, origins: Origins, sheet: string): string {
  const above = RENDER_DEFERRED.filter((c) => !c.belowFold);
  const below = RENDER_DEFERRED.filter((c) => c.belowFold);
  const body = above.map(
    (c, i) => `<p>${PARAGRAPHS[i % PARAGRAPHS.length]}</p>\n${instances(c.id, variant, origins)}`,
  );
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>雲のでき方 | 空の観察ノート</title>
<link rel="stylesheet" href="${sheet}">
</head><body>
<header><nav><a href="/">ホーム</a> · <a href="/sky/">空の観察</a></nav></header>
<main><article>
<h1>雲のでき方</h1>
${body.join('\n')}
<details><summary>リンクされた規則</summary><p class="linked-sheet">${PARAGRAPHS[0]}</p></details>
${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}
<div style="height:40000px"></div>
${below.map((c) => instances(c.id, variant, origins)).join('\n')}
<p>${PARAGRAPHS[7]}</p>
</article></main>
<footer><p>© 空の観察ノート</p></footer>
</body></html>`;
}

/** The style sheet the page links: a background for a part in a closed <details>. */
export const sheetFor = (variant: Variant) =>
  `.linked-sheet{background-image:url(/beacon/${variant}/linked-sheet)} .linked-sheet-gone{display:none}`;
