import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyBuild } from '../test/e2e/support/build-copy';

/**
 * A no-script page served from the same extension, same process, same chrome-extension:// scheme
 * as the popup. It is the floor: the popup's FCP is judged against it rather than in absolute ms,
 * which depend on the machine. Its text is Chinese like the popup's (the default locale), so both
 * pay the same CJK font lookup and the ratio measures our code, not the font stack.
 */
export const BLANK_HTML = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="UTF-8" />
    <title>Blank</title>
  </head>
  <body>
    <p>生成带参数二维码：没有脚本的静态扩展页面，作为弹窗打开速度的基准。</p>
  </body>
</html>
`;

/** Copies the build to a temp dir and adds blank.html, so .output itself is never modified. */
export function copyExtensionWithBlank(buildDir: string): { dir: string; remove: () => void } {
  const copy = copyBuild('scene-qr-bench-ext-', buildDir);
  writeFileSync(join(copy.dir, 'blank.html'), BLANK_HTML);
  return copy;
}
