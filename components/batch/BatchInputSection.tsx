import { useEffect, useState } from 'preact/hooks';
import {
  type BatchEncoding,
  type BatchInputError,
  type BatchRow,
  type BatchRowsResult,
  MAX_BATCH_FILE_BYTES,
  parseCsvFile,
  parsePastedLines,
  patternRows,
} from '@/utils/batch/input';
import { type MessageKey, t } from '@/utils/i18n/t';

type Mode = 'pattern' | 'paste' | 'file';

interface PatternFields {
  prefix: string;
  from: string;
  to: string;
  pad: string;
  suffix: string;
}

/** Whole numbers as typed; anything else becomes NaN, which patternRows refuses with its own message. */
const whole = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

function patternResult(fields: PatternFields): BatchRowsResult {
  return patternRows({
    prefix: fields.prefix,
    suffix: fields.suffix,
    from: whole(fields.from),
    to: whole(fields.to),
    pad: fields.pad.trim() === '' ? 0 : whole(fields.pad),
  });
}

function InputError({ error }: { error: BatchInputError }) {
  return (
    <p class="field-error" role="alert">
      {t(`batchInput_${error.code}` as MessageKey, error.params ?? ['?'])}
    </p>
  );
}

/** The three ways to give a batch its rows; reports rows upward only when the input as a whole is readable. */
export function BatchInputSection({ onRows }: { onRows: (rows: BatchRow[]) => void }) {
  const [mode, setMode] = useState<Mode>('pattern');
  const [fields, setFields] = useState<PatternFields>({ prefix: 'store-', from: '1', to: '20', pad: '3', suffix: '' });
  const [pasted, setPasted] = useState('');
  const [file, setFile] = useState<{ name: string; result: ReturnType<typeof parseCsvFile> }>();

  const result: BatchRowsResult | undefined =
    mode === 'pattern' ? patternResult(fields) : mode === 'paste' ? (pasted.trim() ? parsePastedLines(pasted) : undefined) : file?.result;

  useEffect(() => onRows(result?.ok ? result.rows : []), [mode, fields, pasted, file]);

  async function chooseFile(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const chosen = input.files?.[0];
    if (!chosen) return;
    // Refused before reading: a huge file is not a batch, and reading it would stall the page.
    const result: ReturnType<typeof parseCsvFile> =
      chosen.size > MAX_BATCH_FILE_BYTES
        ? { ok: false, error: { code: 'batch_file_too_large', params: [String(chosen.size), String(MAX_BATCH_FILE_BYTES)] } }
        : parseCsvFile(new Uint8Array(await chosen.arrayBuffer()));
    setFile({ name: chosen.name, result });
  }

  const set = (key: keyof PatternFields) => (event: Event) => setFields({ ...fields, [key]: (event.currentTarget as HTMLInputElement).value });
  const example = patternResult(fields);

  return (
    <fieldset class="field">
      <legend>{t('batchSourceLegend')}</legend>
      <div class="tabs" role="radiogroup">
        {(['pattern', 'paste', 'file'] as const).map((m) => (
          <label key={m} class="chip">
            <input type="radio" name="batchMode" value={m} checked={mode === m} onChange={() => setMode(m)} />
            {t(m === 'pattern' ? 'batchModePattern' : m === 'paste' ? 'batchModePaste' : 'batchModeFile')}
          </label>
        ))}
      </div>
      {mode === 'pattern' && (
        <>
          <div class="row">
            <label class="field">
              <span>{t('batchPrefix')}</span>
              <input name="prefix" value={fields.prefix} onInput={set('prefix')} />
            </label>
            <label class="field">
              <span>{t('batchFrom')}</span>
              <input name="from" inputMode="numeric" value={fields.from} onInput={set('from')} />
            </label>
            <label class="field">
              <span>{t('batchTo')}</span>
              <input name="to" inputMode="numeric" value={fields.to} onInput={set('to')} />
            </label>
            <label class="field">
              <span>{t('batchPad')}</span>
              <input name="pad" inputMode="numeric" value={fields.pad} onInput={set('pad')} />
            </label>
            <label class="field">
              <span>{t('batchSuffix')}</span>
              <input name="suffix" value={fields.suffix} onInput={set('suffix')} />
            </label>
          </div>
          {example.ok && <p class="hint">{t('batchPatternExample', [example.rows[0]!.scene, example.rows.at(-1)!.scene])}</p>}
        </>
      )}
      {mode === 'paste' && (
        <label class="field">
          <span>{t('batchPasteLabel')}</span>
          <textarea name="pasted" value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} />
          <small class="hint">{t('batchPasteHint')}</small>
        </label>
      )}
      {mode === 'file' && (
        <label class="field">
          <span>{t('batchFileLabel')}</span>
          <input type="file" name="csvFile" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => void chooseFile(e)} />
          <small class="hint">{t('batchFileHint')}</small>
          {file?.result.ok && <FileRead name={file.name} rows={file.result.rows.length} encoding={file.result.encoding} />}
        </label>
      )}
      {result && !result.ok && <InputError error={result.error} />}
    </fieldset>
  );
}

function FileRead({ name, rows, encoding }: { name: string; rows: number; encoding: BatchEncoding }) {
  return (
    <>
      <small class="status">{t('batchFileRead', [name, String(rows), encoding.toUpperCase()])}</small>
      {encoding === 'gb18030' && <small class="hint warn">{t('batchFileGbk')}</small>}
    </>
  );
}
