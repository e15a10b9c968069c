export { filterFields, type FieldInfo, type FieldType } from "./fields";
export { loadFilterRecords, matchesFilter, type FilterRecord, type ScoreFact } from "./evaluate";
export { LIMITS as FILTER_LIMITS } from "./limits";
export { conditionSchema, filterSetSchema, parseFilterSet, type FilterCondition, type FilterGroup, type FilterNode, type FilterSet } from "./schema";
export { filterToSql, type FilterSqlOptions } from "./sql";
