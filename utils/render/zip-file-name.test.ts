import { describe, expect, it } from 'vitest';
import { DEFAULT_NAME_PATTERN, patternFileName } from './zip-file-name';

const record = (label: string, scene: string) => ({ label, scene, actionName: 'QR_LIMIT_STR_SCENE' as const });

describe('patternFileName', () => {
  it('fills label, scene, kind and position', () => {
    expect(patternFileName(DEFAULT_NAME_PATTERN, record('徐汇店', 'store-001'), 1, 'png')).toBe('徐汇店-store-001.png');
    expect(patternFileName('{n}-{kind}-{scene}', record('', '7'), 12, 'svg')).toBe('12-QR_LIMIT_STR_SCENE-7.svg');
  });

  it('drops separators an empty field leaves behind', () => {
    expect(patternFileName('{label}-{scene}', record('', 'store-001'), 1, 'png')).toBe('store-001.png');
    expect(patternFileName('{scene} - {label}', record('', 's'), 1, 'png')).toBe('s.png');
  });

  it('replaces characters file systems refuse and never yields an empty or hidden name', () => {
    expect(patternFileName('{label}', record('a/b:c*?', 's'), 1, 'png')).toBe('a_b_c_.png');
    expect(patternFileName('{label}', record('', 'only-scene'), 1, 'png')).toBe('only-scene.png');
    expect(patternFileName('...{label}', record('x', 's'), 1, 'png')).toBe('x.png');
    expect(patternFileName('plain', record('x', 's'), 1, 'png')).toBe('plain.png');
  });
});
