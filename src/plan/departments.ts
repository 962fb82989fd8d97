/** 担当課 cells and 【】 brackets: names separated by spaces (any width), 、 or commas. */
const DEPARTMENT_SEPARATOR = /[、,，\s]+/u;

export function splitDepartments(cell: string): string[] {
  return cell.split(DEPARTMENT_SEPARATOR).filter((name) => name !== "");
}

/** Removes the column header 担当課 when the source merged it into the first data row's cell. */
export function stripDepartmentHeader(cell: string): { cell: string; merged: boolean } {
  const m = /^担当課(?:\s+|$)/u.exec(cell.trim());
  return m ? { cell: cell.trim().slice(m[0].length), merged: true } : { cell: cell.trim(), merged: false };
}
