// Kengetallen: anonymous figures per school, period and theme. What callers use, from its parts:
// the filter (query), the suppression of small cells, the computation, labels and the CSV export.
export * from './query';
export * from './suppression';
export * from './compute';
export * from './labels';
export * from './csv';
export * from './thuiszitters';
export * from './windows';
