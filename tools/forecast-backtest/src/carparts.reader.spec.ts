import { parseCarparts } from './carparts.reader';

describe('parseCarparts', () => {
  it('reads one monthly series per part, trimming leading and trailing empty months', () => {
    const text = 'Part,Jan-98,Feb-98,Mar-98,Apr-98\n11,0,2,,\n12,,1,0,3\n';
    const [first, second] = parseCarparts(text);
    expect(first).toEqual({ id: '11', firstMonth: 'Jan-98', values: Float64Array.of(0, 2), missing: null });
    expect(second).toEqual({ id: '12', firstMonth: 'Feb-98', values: Float64Array.of(1, 0, 3), missing: null });
  });

  it('keeps an empty month inside a series as missing, not zero', () => {
    const [series] = parseCarparts('Part,Jan-98,Feb-98,Mar-98\n7,4,,5\n');
    expect(Array.from(series.values)).toEqual([4, 0, 5]);
    expect(Array.from(series.missing ?? [])).toEqual([0, 1, 0]);
  });

  it('drops a part with no observation at all, and refuses bad input', () => {
    expect(parseCarparts('Part,Jan-98\n9,\n')).toEqual([]);
    expect(() => parseCarparts('Item,Jan-98\n')).toThrow('DATA.UNEXPECTED_HEADER');
    expect(() => parseCarparts('Part,Jan-98\n9,x\n')).toThrow('DATA.BAD_NUMBER: part 9, Jan-98: "x"');
  });
});
