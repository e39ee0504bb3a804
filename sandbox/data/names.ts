/** Word lists for realistic, deterministic names. */
export const FIRST_NAMES = [
  'Aisha', 'Alex', 'Amelia', 'Ana', 'Andre', 'Arjun', 'Ben', 'Camila', 'Carlos', 'Chen', 'Chloe',
  'Daniel', 'David', 'Diego', 'Elena', 'Emily', 'Emma', 'Ethan', 'Fatima', 'Felix', 'Grace',
  'Hana', 'Hannah', 'Hiro', 'Isabel', 'Ivan', 'Jack', 'James', 'Jia', 'Jonas', 'Julia', 'Kai',
  'Karen', 'Kenji', 'Laura', 'Leo', 'Liam', 'Lina', 'Lucas', 'Maya', 'Mei', 'Mia', 'Michael',
  'Mohammed', 'Nadia', 'Noah', 'Nora', 'Olivia', 'Omar', 'Oscar', 'Priya', 'Rafael', 'Rosa',
  'Ryan', 'Sara', 'Sofia', 'Sven', 'Tariq', 'Thomas', 'Uma', 'Victor', 'Wei', 'Yara', 'Yusuf',
  'Zoe',
] as const;

export const LAST_NAMES = [
  'Adams', 'Ahmed', 'Alvarez', 'Bauer', 'Brown', 'Campbell', 'Chen', 'Costa', 'Dubois', 'Evans',
  'Fischer', 'Garcia', 'Gupta', 'Hansen', 'Hernandez', 'Ito', 'Jensen', 'Johnson', 'Kim',
  'Kowalski', 'Kumar', 'Larsen', 'Lee', 'Lopez', 'Martin', 'Meyer', 'Miller', 'Moreau', 'Nakamura',
  'Nguyen', 'Novak', 'Okafor', 'Olsen', 'Patel', 'Perez', 'Petrov', 'Quinn', 'Rossi', 'Santos',
  'Schmidt', 'Silva', 'Singh', 'Smith', 'Suzuki', 'Tanaka', 'Taylor', 'Wagner', 'Walker', 'Wang',
  'Weber', 'Williams', 'Wilson', 'Wong', 'Yamamoto', 'Zhang',
] as const;

export const DEPARTMENTS = [
  'Finance', 'Sales', 'Marketing', 'Operations', 'Human Resources', 'Engineering', 'Supply Chain',
  'Customer Success', 'Product', 'Legal', 'IT', 'Executive', 'Research', 'Procurement',
  'Analytics Center of Excellence', 'Retail', 'Healthcare', 'Logistics', 'Partnerships', 'Support',
] as const;

export const SUBPROJECTS = [
  'Reports', 'Dashboards', 'Sandbox', 'Certified', 'Archive', 'Regional', 'Quarterly Reviews',
  'Ad Hoc', 'Data Sources', 'Planning',
] as const;

export const TOPICS = [
  'Revenue', 'Pipeline', 'Bookings', 'Churn', 'Headcount', 'Inventory', 'Shipments', 'Campaign',
  'Budget', 'Forecast', 'Margin', 'Support Tickets', 'Web Traffic', 'Attrition', 'Hiring',
  'Customer Satisfaction', 'Returns', 'Supplier', 'Expenses', 'Orders', 'Quota', 'Renewals',
  'Product Usage', 'Lead Conversion', 'Cash Flow',
] as const;

export const QUALIFIERS = [
  'Overview', 'by Region', 'Trends', 'Weekly', 'Monthly', 'Executive Summary', 'Deep Dive',
  'Scorecard', 'Tracker', 'Analysis', 'KPIs', 'Drilldown', 'Q1', 'Q2', 'Q3', 'Q4', 'YoY',
] as const;

export const SHEET_NAMES = [
  'Summary', 'Map', 'Trend', 'Details', 'By Product', 'By Region', 'Top 10', 'KPI', 'Breakdown',
  'Forecast', 'Cohorts', 'Table',
] as const;

export const GROUP_NAMES = [
  'All Analysts', 'Finance Team', 'Sales Ops', 'Marketing Analysts', 'Data Engineers',
  'Executives', 'HR Partners', 'Support Leads', 'Product Managers', 'Regional Managers EMEA',
  'Regional Managers APAC', 'Regional Managers AMER', 'Contractors', 'Interns', 'Site Admins',
  'Report Viewers', 'Dashboard Authors', 'Data Stewards', 'Auditors', 'Customer Success',
] as const;

export const TAGS = [
  'certified', 'finance', 'sales', 'draft', 'kpi', 'quarterly', 'deprecated', 'executive',
  'marketing', 'ops', 'pii', 'experimental',
] as const;

export const DB_TYPES = [
  ['postgres', 'pg-analytics.corp.example.com', '5432'],
  ['sqlserver', 'sql01.corp.example.com', '1433'],
  ['snowflake', 'acme.snowflakecomputing.com', '443'],
  ['redshift', 'dw.example.redshift.amazonaws.com', '5439'],
  ['excel-direct', '', ''],
  ['textscan', '', ''],
  ['mysql', 'mysql.corp.example.com', '3306'],
  ['bigquery', 'bigquery.googleapis.com', '443'],
] as const;
